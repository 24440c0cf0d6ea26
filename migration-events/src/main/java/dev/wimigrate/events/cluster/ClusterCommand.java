package dev.wimigrate.events.cluster;

import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.common.WorkloadRef;

/**
 * Work for the cluster-agent of one cluster, on {@code wimigrate.commands.cluster}, keyed by
 * cluster id (each agent reads its cluster's commands in order). With {@code dryRun} the agent
 * applies server-side dry runs and reports the diff without changing anything.
 */
public sealed interface ClusterCommand extends Event
    permits RequestSnapshot,
        EnsureServiceAccount,
        PatchWorkload,
        RolloutRestart,
        VerifyWorkload,
        CleanupPodIdentity,
        Rollback {

  StepRef step();

  /** The workload acted on; null only for cluster-wide commands (RequestSnapshot). */
  WorkloadRef workload();

  boolean dryRun();

  default String clusterId() {
    return workload().clusterId();
  }

  @Override
  default String partitionKey() {
    return clusterId();
  }

  @Override
  default String ceSubject() {
    return workload() == null ? clusterId() : workload().key();
  }
}
