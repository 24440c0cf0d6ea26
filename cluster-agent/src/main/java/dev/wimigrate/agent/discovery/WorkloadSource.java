package dev.wimigrate.agent.discovery;

import dev.wimigrate.events.common.WorkloadKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Optional;

/**
 * A top-level workload and the pod template its pods come from. Pods and Jobs that a controller
 * owns are not workloads of their own: their owner's template is what the migration changes.
 */
public record WorkloadSource(WorkloadKind kind, ObjectMeta metadata, PodTemplateSpec template) {

  /** The workload for a Kubernetes object, or empty when it is not a top-level workload. */
  public static Optional<WorkloadSource> of(HasMetadata object) {
    if (object == null || isOwnedByController(object.getMetadata())) {
      return Optional.empty();
    }
    WorkloadSource source = null;
    if (object instanceof Deployment d && d.getSpec() != null) {
      source =
          new WorkloadSource(WorkloadKind.DEPLOYMENT, d.getMetadata(), d.getSpec().getTemplate());
    } else if (object instanceof StatefulSet s && s.getSpec() != null) {
      source =
          new WorkloadSource(WorkloadKind.STATEFUL_SET, s.getMetadata(), s.getSpec().getTemplate());
    } else if (object instanceof DaemonSet s && s.getSpec() != null) {
      source =
          new WorkloadSource(WorkloadKind.DAEMON_SET, s.getMetadata(), s.getSpec().getTemplate());
    } else if (object instanceof Job j && j.getSpec() != null) {
      source = new WorkloadSource(WorkloadKind.JOB, j.getMetadata(), j.getSpec().getTemplate());
    } else if (object instanceof CronJob c
        && c.getSpec() != null
        && c.getSpec().getJobTemplate() != null
        && c.getSpec().getJobTemplate().getSpec() != null) {
      source =
          new WorkloadSource(
              WorkloadKind.CRON_JOB,
              c.getMetadata(),
              c.getSpec().getJobTemplate().getSpec().getTemplate());
    } else if (object instanceof Pod p) {
      source =
          new WorkloadSource(
              WorkloadKind.POD, p.getMetadata(), new PodTemplateSpec(p.getMetadata(), p.getSpec()));
    }
    return Optional.ofNullable(source);
  }

  static boolean isOwnedByController(ObjectMeta metadata) {
    List<OwnerReference> owners = metadata == null ? null : metadata.getOwnerReferences();
    return owners != null && owners.stream().anyMatch(o -> Boolean.TRUE.equals(o.getController()));
  }
}
