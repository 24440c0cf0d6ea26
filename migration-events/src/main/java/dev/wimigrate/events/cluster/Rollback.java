package dev.wimigrate.events.cluster;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.common.WorkloadRef;

/** Restore the workload (and its service account) to how they were before the migration. */
public record Rollback(StepRef step, WorkloadRef workload, boolean dryRun)
    implements ClusterCommand {

  public static final String TYPE = "dev.wimigrate.cluster.Rollback.v1";

  public Rollback {
    Checks.notNull("step", step);
    Checks.notNull("workload", workload);
  }
}
