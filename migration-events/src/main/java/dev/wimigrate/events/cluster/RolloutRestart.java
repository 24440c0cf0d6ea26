package dev.wimigrate.events.cluster;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.common.WorkloadRef;

/** Restart the workload's pods so they pick up the patch, and wait for the rollout. */
public record RolloutRestart(StepRef step, WorkloadRef workload, boolean dryRun)
    implements ClusterCommand {

  public static final String TYPE = "dev.wimigrate.cluster.RolloutRestart.v1";

  public RolloutRestart {
    Checks.notNull("step", step);
    Checks.notNull("workload", workload);
  }
}
