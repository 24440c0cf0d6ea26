package dev.wimigrate.events.common;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** The kinds of workload that carry a pod template (or are a pod), spelled as Kubernetes does. */
public enum WorkloadKind {
  DEPLOYMENT("Deployment"),
  STATEFUL_SET("StatefulSet"),
  DAEMON_SET("DaemonSet"),
  CRON_JOB("CronJob"),
  JOB("Job"),
  POD("Pod");

  private final String kubernetesName;

  WorkloadKind(String kubernetesName) {
    this.kubernetesName = kubernetesName;
  }

  /** The Kubernetes spelling, used on the wire and in workload keys. */
  @JsonValue
  public String kubernetesName() {
    return kubernetesName;
  }

  public static Optional<WorkloadKind> fromKubernetesName(String name) {
    return Arrays.stream(values()).filter(k -> k.kubernetesName.equals(name)).findFirst();
  }
}
