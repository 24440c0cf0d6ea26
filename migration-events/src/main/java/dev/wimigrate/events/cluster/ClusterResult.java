package dev.wimigrate.events.cluster;

import dev.wimigrate.events.common.StepResult;
import dev.wimigrate.events.common.WorkloadRef;

/** Outcomes of {@link ClusterCommand}s, keyed by workload like its inventory events. */
public sealed interface ClusterResult extends StepResult
    permits ServiceAccountReady,
        WorkloadPatched,
        WorkloadRolledOut,
        WorkloadVerified,
        CleanedUp,
        RolledBack {
  WorkloadRef workload();

  @Override
  default String partitionKey() {
    return workload().key();
  }
}
