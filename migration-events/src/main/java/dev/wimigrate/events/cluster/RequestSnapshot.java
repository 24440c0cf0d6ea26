package dev.wimigrate.events.cluster;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.SchemaHint;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.common.WorkloadRef;

/** Report every workload again, then SnapshotCompleted (after a restart of the inventory). */
public record RequestSnapshot(
    StepRef step, @SchemaHint(pattern = Checks.CLUSTER_ID) String clusterId)
    implements ClusterCommand {

  public static final String TYPE = "dev.wimigrate.cluster.RequestSnapshot.v1";

  public RequestSnapshot {
    Checks.notNull("step", step);
    Checks.clusterId("clusterId", clusterId);
  }

  @Override
  public WorkloadRef workload() {
    return null;
  }

  @Override
  public boolean dryRun() {
    return false;
  }
}
