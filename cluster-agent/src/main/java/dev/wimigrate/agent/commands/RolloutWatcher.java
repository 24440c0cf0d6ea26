package dev.wimigrate.agent.commands;

import static dev.wimigrate.agent.commands.WorkloadIdentityKeys.ENV_CLIENT_ID;
import static dev.wimigrate.agent.commands.WorkloadIdentityKeys.ENV_TOKEN_FILE;
import static dev.wimigrate.agent.commands.WorkloadIdentityKeys.INJECT_PROXY_SIDECAR;
import static dev.wimigrate.agent.commands.WorkloadIdentityKeys.RESTARTED_AT;
import static dev.wimigrate.agent.commands.WorkloadIdentityKeys.TOKEN_AUDIENCE;
import static dev.wimigrate.agent.commands.WorkloadIdentityKeys.USE;

import dev.wimigrate.events.cluster.RolloutRestart;
import dev.wimigrate.events.cluster.VerifyWorkload;
import dev.wimigrate.events.cluster.WorkloadRolledOut;
import dev.wimigrate.events.cluster.WorkloadVerified;
import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.WorkloadKind;
import dev.wimigrate.events.common.WorkloadRef;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * RolloutRestart and VerifyWorkload: restarting a workload like {@code kubectl rollout restart},
 * waiting (bounded) for its rollout, and checking that the new pods are Ready and carry what
 * Workload ID injects. A rollout that does not finish is reported with the reasons its pods give.
 */
public class RolloutWatcher {

  public static final String PROXY_CONTAINER = "azwi-proxy";

  private final KubeGateway gateway;
  private final Clock clock;
  private final Duration rolloutTimeout;
  private final Duration pollInterval;

  public RolloutWatcher(
      KubeGateway gateway, Clock clock, Duration rolloutTimeout, Duration pollInterval) {
    this.gateway = gateway;
    this.clock = clock;
    this.rolloutTimeout = rolloutTimeout;
    this.pollInterval = pollInterval;
  }

  // ------------------------------------------------------------------ RolloutRestart

  Event restart(RolloutRestart c, CommandHandler handler) throws InterruptedException {
    WorkloadRef ref = c.workload();
    if (ref.kind() == WorkloadKind.POD || ref.kind() == WorkloadKind.JOB) {
      return handler.failed(
          c,
          "RestartUnsupported",
          CommandHandler.objectName(ref) + " has no controller to restart its pods",
          false);
    }
    Optional<HasMetadata> workload = gateway.workload(ref);
    if (workload.isEmpty()) {
      return handler.notFound(c);
    }
    if (ref.kind() == WorkloadKind.CRON_JOB) {
      // nothing runs to restart: the next scheduled Job is created from the patched template
      return new WorkloadRolledOut(
          c.step(),
          ref,
          "next-schedule@generation-" + workload.get().getMetadata().getGeneration());
    }
    TemplateState before = KubeGateway.templateOf(workload.get());
    TemplateState after = DesiredChanges.restart(before, c.step().stepId(), clock.instant());
    // a re-delivered restart (same step id) finds its annotation and only waits
    handler.writeTemplate(ref, workload.get(), before, after, r -> r, c.dryRun());
    if (c.dryRun()) {
      String diff =
          String.join("; ", DesiredChanges.describe(CommandHandler.objectName(ref), before, after));
      return new WorkloadRolledOut(
          c.step(), ref, "dry-run: " + (diff.isEmpty() ? "no change" : diff));
    }
    Instant deadline = clock.instant().plus(rolloutTimeout);
    String progress = "not observed yet";
    while (true) {
      HasMetadata current = gateway.workload(ref).orElse(null);
      if (current == null) {
        return handler.notFound(c);
      }
      Rollout rollout = rolloutOf(current);
      if (rollout.done()) {
        return new WorkloadRolledOut(c.step(), ref, rollout.revision());
      }
      progress = rollout.progress();
      if (rollout.failed() != null) {
        return handler.failed(
            c, "RolloutFailed", rollout.failed() + "; " + podReasons(current), false);
      }
      if (!clock.instant().isBefore(deadline)) {
        return handler.failed(
            c,
            "RolloutStuck",
            CommandHandler.objectName(ref)
                + " did not finish its rollout within "
                + rolloutTimeout
                + " ("
                + progress
                + "): "
                + podReasons(current),
            true);
      }
      Thread.sleep(pollInterval.toMillis());
    }
  }

  /** Where a rollout stands: done with its revision, still going, or failed with the reason. */
  record Rollout(boolean done, String revision, String progress, String failed) {}

  static Rollout rolloutOf(HasMetadata object) {
    long generation = Objects.requireNonNullElse(object.getMetadata().getGeneration(), 0L);
    if (object instanceof Deployment d) {
      var s = d.getStatus();
      int want = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
      if (s == null) {
        return new Rollout(false, null, "no status", null);
      }
      String revision =
          Optional.ofNullable(d.getMetadata().getAnnotations())
              .map(a -> a.get("deployment.kubernetes.io/revision"))
              .orElse("generation-" + generation);
      int updated = Objects.requireNonNullElse(s.getUpdatedReplicas(), 0);
      int total = Objects.requireNonNullElse(s.getReplicas(), 0);
      int available = Objects.requireNonNullElse(s.getAvailableReplicas(), 0);
      String failed = null;
      for (DeploymentCondition condition :
          Objects.requireNonNullElse(s.getConditions(), List.<DeploymentCondition>of())) {
        if ("Progressing".equals(condition.getType())
            && "ProgressDeadlineExceeded".equals(condition.getReason())) {
          failed = "ProgressDeadlineExceeded: " + condition.getMessage();
        }
      }
      boolean done =
          Objects.requireNonNullElse(s.getObservedGeneration(), 0L) >= generation
              && updated == want
              && total == want
              && available == want;
      return new Rollout(
          done,
          "revision-" + revision,
          updated + " of " + want + " updated, " + available + " available, " + total + " total",
          done ? null : failed);
    } else if (object instanceof StatefulSet st) {
      var s = st.getStatus();
      int want = Objects.requireNonNullElse(st.getSpec().getReplicas(), 1);
      if (s == null) {
        return new Rollout(false, null, "no status", null);
      }
      int updated = Objects.requireNonNullElse(s.getUpdatedReplicas(), 0);
      int ready = Objects.requireNonNullElse(s.getReadyReplicas(), 0);
      boolean done =
          Objects.requireNonNullElse(s.getObservedGeneration(), 0L) >= generation
              && updated == want
              && ready == want
              && Objects.equals(s.getCurrentRevision(), s.getUpdateRevision());
      return new Rollout(
          done,
          s.getUpdateRevision(),
          updated + " of " + want + " updated, " + ready + " ready",
          null);
    } else if (object instanceof DaemonSet ds) {
      var s = ds.getStatus();
      if (s == null) {
        return new Rollout(false, null, "no status", null);
      }
      int want = Objects.requireNonNullElse(s.getDesiredNumberScheduled(), 0);
      int updated = Objects.requireNonNullElse(s.getUpdatedNumberScheduled(), 0);
      int available = Objects.requireNonNullElse(s.getNumberAvailable(), 0);
      boolean done =
          Objects.requireNonNullElse(s.getObservedGeneration(), 0L) >= generation
              && updated == want
              && available == want;
      return new Rollout(
          done,
          "generation-" + generation,
          updated + " of " + want + " updated, " + available + " available",
          null);
    }
    return new Rollout(true, "generation-" + generation, "", null);
  }

  // ------------------------------------------------------------------ VerifyWorkload

  Event verify(VerifyWorkload c, CommandHandler handler) throws InterruptedException {
    WorkloadRef ref = c.workload();
    if (ref.kind() == WorkloadKind.CRON_JOB) {
      return handler.failed(
          c,
          "NothingToVerify",
          CommandHandler.objectName(ref)
              + " runs no pods between schedules; verify the Job its next run creates",
          true);
    }
    Instant deadline = clock.instant().plus(c.timeout());
    while (true) {
      Optional<HasMetadata> workload = gateway.workload(ref);
      if (workload.isEmpty()) {
        return handler.notFound(c);
      }
      TemplateState template = KubeGateway.templateOf(workload.get());
      List<Pod> pods = currentPods(workload.get(), template);
      int want = expectedPods(workload.get());
      List<Pod> ready = pods.stream().filter(RolloutWatcher::readyOrDone).toList();
      if (ready.size() >= want && ready.size() == pods.size() && want > 0) {
        boolean sidecarPlanned = "true".equals(template.annotations().get(INJECT_PROXY_SIDECAR));
        List<String> problems = new ArrayList<>();
        for (Pod pod : ready) {
          problems.addAll(injectionProblems(pod, template, sidecarPlanned));
        }
        if (!problems.isEmpty()) {
          return handler.failed(
              c,
              "WorkloadIdentityNotInjected",
              String.join("; ", problems)
                  + " (is the Workload ID webhook installed, and did the pods carry "
                  + USE
                  + "=true when they were created?)",
              false);
        }
        return new WorkloadVerified(c.step(), ref, ready.size(), true, true, sidecarPlanned);
      }
      if (!clock.instant().isBefore(deadline)) {
        return handler.failed(
            c,
            "VerificationTimedOut",
            ready.size()
                + " of "
                + want
                + " new pods of "
                + CommandHandler.objectName(ref)
                + " ready after "
                + c.timeout()
                + ": "
                + podReasons(pods),
            true);
      }
      Thread.sleep(pollInterval.toMillis());
    }
  }

  /** Pods of the workload made from its current template (not terminating). */
  List<Pod> currentPods(HasMetadata workload, TemplateState template) {
    if (workload instanceof Pod pod) {
      return List.of(pod);
    }
    LabelSelector selector = KubeGateway.selectorOf(workload);
    if (selector == null) {
      return List.of();
    }
    return gateway.pods(workload.getMetadata().getNamespace(), selector).stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> fromTemplate(p, template))
        .toList();
  }

  static boolean fromTemplate(Pod pod, TemplateState template) {
    Map<String, String> labels =
        Objects.requireNonNullElse(pod.getMetadata().getLabels(), Map.of());
    Map<String, String> annotations =
        Objects.requireNonNullElse(pod.getMetadata().getAnnotations(), Map.of());
    return template.labels().entrySet().stream()
            .allMatch(e -> e.getValue().equals(labels.get(e.getKey())))
        && Objects.equals(template.annotations().get(RESTARTED_AT), annotations.get(RESTARTED_AT));
  }

  static int expectedPods(HasMetadata workload) {
    if (workload instanceof Deployment d) {
      return Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
    } else if (workload instanceof StatefulSet s) {
      return Objects.requireNonNullElse(s.getSpec().getReplicas(), 1);
    } else if (workload instanceof DaemonSet ds) {
      return ds.getStatus() == null
          ? 0
          : Objects.requireNonNullElse(ds.getStatus().getDesiredNumberScheduled(), 0);
    } else if (workload instanceof Job) {
      return 1;
    }
    return 1;
  }

  static boolean readyOrDone(Pod pod) {
    if (pod.getStatus() == null) {
      return false;
    }
    if ("Succeeded".equals(pod.getStatus().getPhase())) {
      return true;
    }
    return Objects.requireNonNullElse(pod.getStatus().getConditions(), List.<PodCondition>of())
        .stream()
        .anyMatch(cond -> "Ready".equals(cond.getType()) && "True".equals(cond.getStatus()));
  }

  /** What a pod lacks of Workload ID; empty when it carries everything. */
  static List<String> injectionProblems(Pod pod, TemplateState template, boolean sidecarPlanned) {
    List<String> problems = new ArrayList<>();
    String name = "pod " + pod.getMetadata().getName();
    var spec = pod.getSpec();
    String wantSa = Objects.requireNonNullElse(template.serviceAccountName(), "default");
    if (!wantSa.equals(spec.getServiceAccountName())) {
      problems.add(name + " runs as " + spec.getServiceAccountName() + ", not " + wantSa);
    }
    for (Container container : spec.getContainers()) {
      List<String> env =
          Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of()).stream()
              .map(EnvVar::getName)
              .toList();
      for (String variable : List.of(ENV_CLIENT_ID, ENV_TOKEN_FILE)) {
        if (!env.contains(variable)) {
          problems.add(name + " container " + container.getName() + " lacks env " + variable);
        }
      }
    }
    boolean tokenVolume =
        Objects.requireNonNullElse(spec.getVolumes(), List.<Volume>of()).stream()
            .filter(v -> v.getProjected() != null && v.getProjected().getSources() != null)
            .flatMap(v -> v.getProjected().getSources().stream())
            .anyMatch(
                s ->
                    s.getServiceAccountToken() != null
                        && TOKEN_AUDIENCE.equals(s.getServiceAccountToken().getAudience()));
    if (!tokenVolume) {
      problems.add(name + " has no projected service account token volume for " + TOKEN_AUDIENCE);
    }
    if (sidecarPlanned) {
      boolean sidecar =
          Stream.concat(
                  spec.getContainers().stream(),
                  Objects.requireNonNullElse(spec.getInitContainers(), List.<Container>of())
                      .stream())
              .anyMatch(ct -> PROXY_CONTAINER.equals(ct.getName()));
      if (!sidecar) {
        problems.add(name + " has no " + PROXY_CONTAINER + " sidecar");
      }
    }
    return problems;
  }

  private String podReasons(HasMetadata workload) {
    LabelSelector selector = KubeGateway.selectorOf(workload);
    if (selector == null) {
      return "no pods";
    }
    return podReasons(gateway.pods(workload.getMetadata().getNamespace(), selector));
  }

  /**
   * Why pods are not ready, e.g. {@code pod web-1: Pending, PodScheduled=False Unschedulable: …}.
   */
  static String podReasons(List<Pod> pods) {
    List<String> reasons = new ArrayList<>();
    for (Pod pod : pods) {
      if (readyOrDone(pod)) {
        continue;
      }
      StringBuilder reason =
          new StringBuilder("pod ")
              .append(pod.getMetadata().getName())
              .append(": ")
              .append(pod.getStatus() == null ? "no status" : pod.getStatus().getPhase());
      if (pod.getStatus() != null) {
        for (PodCondition cond :
            Objects.requireNonNullElse(pod.getStatus().getConditions(), List.<PodCondition>of())) {
          if ("False".equals(cond.getStatus()) && cond.getReason() != null) {
            reason
                .append(", ")
                .append(cond.getType())
                .append("=False ")
                .append(cond.getReason())
                .append(cond.getMessage() == null ? "" : ": " + cond.getMessage());
          }
        }
        for (ContainerStatus status :
            Objects.requireNonNullElse(
                pod.getStatus().getContainerStatuses(), List.<ContainerStatus>of())) {
          if (status.getState() != null && status.getState().getWaiting() != null) {
            reason
                .append(", container ")
                .append(status.getName())
                .append(" waiting: ")
                .append(status.getState().getWaiting().getReason());
          }
        }
      }
      reasons.add(reason.toString());
    }
    return reasons.isEmpty() ? "no pod reports a problem" : String.join("; ", reasons);
  }
}
