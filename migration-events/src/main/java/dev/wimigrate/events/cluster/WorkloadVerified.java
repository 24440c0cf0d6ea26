package dev.wimigrate.events.cluster;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.SchemaHint;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.common.WorkloadRef;

/** The new pods are ready and carry what Workload ID needs. */
public record WorkloadVerified(
    StepRef step,
    WorkloadRef workload,
    @SchemaHint(minimum = 0) int readyPods,
    boolean tokenVolumePresent,
    boolean envInjected,
    boolean sidecarPresent)
    implements ClusterResult {

  public static final String TYPE = "dev.wimigrate.cluster.WorkloadVerified.v1";

  public WorkloadVerified {
    Checks.notNull("step", step);
    Checks.notNull("workload", workload);
    Checks.atLeast("readyPods", readyPods, 0);
  }
}
