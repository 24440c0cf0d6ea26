package dev.wimigrate.events.cluster;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.common.WorkloadRef;

/** The restart finished; {@code revision} identifies the new pods (e.g. ReplicaSet hash). */
public record WorkloadRolledOut(StepRef step, WorkloadRef workload, String revision)
    implements ClusterResult {

  public static final String TYPE = "dev.wimigrate.cluster.WorkloadRolledOut.v1";

  public WorkloadRolledOut {
    Checks.notNull("step", step);
    Checks.notNull("workload", workload);
    Checks.notBlank("revision", revision);
  }
}
