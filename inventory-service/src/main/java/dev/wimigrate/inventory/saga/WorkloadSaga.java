package dev.wimigrate.inventory.saga;

import dev.wimigrate.events.common.MigrationPath;
import dev.wimigrate.events.common.WorkloadRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One workload in one migration: the plan's decisions, its own forward steps (the first step's
 * {@code after} names the shared steps it needs), the compensation steps, and what went wrong.
 * {@code podIdentities} are the {@code namespace/name} of the AzureIdentities it used, which the
 * cluster step may remove once nothing else uses them.
 */
public record WorkloadSaga(
    String migrationId,
    String key,
    WorkloadRef workload,
    MigrationPath path,
    int wave,
    String reason,
    String identityResourceId,
    String targetIdentityResourceId,
    String serviceAccount,
    List<String> podIdentities,
    SagaPhase phase,
    List<Step> steps,
    List<Step> compensation,
    String failedStep,
    String failure,
    boolean needsAttention,
    List<String> diffs,
    Instant updatedAt)
    implements SagaEntry {

  public WorkloadSaga {
    podIdentities = podIdentities == null ? List.of() : List.copyOf(podIdentities);
    steps = steps == null ? List.of() : List.copyOf(steps);
    compensation = compensation == null ? List.of() : List.copyOf(compensation);
    diffs = diffs == null ? List.of() : List.copyOf(diffs);
  }

  @Override
  public String entryKey() {
    return migrationId + "|workload|" + key;
  }

  public String clusterId() {
    return workload.clusterId();
  }

  /** The shared steps this workload waits for. */
  public List<String> needs() {
    return steps.isEmpty() ? List.of() : steps.get(0).after();
  }

  /** Started: its first step was sent. */
  public boolean started() {
    return !steps.isEmpty() && steps.get(0).status() != StepStatus.WAITING;
  }

  /** Some step that changes the cluster was sent, so undoing needs a Rollback command. */
  public boolean changedCluster() {
    return steps.stream().anyMatch(s -> s.kind().changesWorkload() && s.attempt() > 0);
  }

  public boolean anyInFlight() {
    return steps.stream().anyMatch(s -> s.status().inFlight())
        || compensation.stream().anyMatch(s -> s.status().inFlight());
  }

  WorkloadSaga with(Step step, Instant now) {
    return new WorkloadSaga(
        migrationId,
        key,
        workload,
        path,
        wave,
        reason,
        identityResourceId,
        targetIdentityResourceId,
        serviceAccount,
        podIdentities,
        phase,
        replace(steps, step),
        replace(compensation, step),
        failedStep,
        failure,
        needsAttention,
        diffs,
        now);
  }

  WorkloadSaga withPhase(SagaPhase next, Instant now) {
    return new WorkloadSaga(
        migrationId,
        key,
        workload,
        path,
        wave,
        reason,
        identityResourceId,
        targetIdentityResourceId,
        serviceAccount,
        podIdentities,
        next,
        steps,
        compensation,
        failedStep,
        failure,
        needsAttention,
        diffs,
        now);
  }

  WorkloadSaga failing(
      String stepId, String why, List<Step> undo, SagaPhase next, boolean attention, Instant now) {
    return new WorkloadSaga(
        migrationId,
        key,
        workload,
        path,
        wave,
        reason,
        identityResourceId,
        targetIdentityResourceId,
        serviceAccount,
        podIdentities,
        next,
        steps,
        undo,
        stepId,
        why,
        attention,
        diffs,
        now);
  }

  WorkloadSaga withDiff(String diff, Instant now) {
    List<String> more = new ArrayList<>(diffs);
    more.add(diff);
    return new WorkloadSaga(
        migrationId,
        key,
        workload,
        path,
        wave,
        reason,
        identityResourceId,
        targetIdentityResourceId,
        serviceAccount,
        podIdentities,
        phase,
        steps,
        compensation,
        failedStep,
        failure,
        needsAttention,
        more,
        now);
  }

  private static List<Step> replace(List<Step> steps, Step step) {
    List<Step> out = new ArrayList<>(steps.size());
    for (Step s : steps) {
      out.add(s.id().equals(step.id()) ? step : s);
    }
    return out;
  }
}
