package dev.wimigrate.events.cluster;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.common.WorkloadRef;

/** The pod template is patched; {@code diff} is empty when nothing had to change. */
public record WorkloadPatched(StepRef step, WorkloadRef workload, boolean changed, String diff)
    implements ClusterResult {

  public static final String TYPE = "dev.wimigrate.cluster.WorkloadPatched.v1";

  public WorkloadPatched {
    Checks.notNull("step", step);
    Checks.notNull("workload", workload);
    Checks.noJwt("diff", Checks.notNull("diff", diff));
  }
}
