package dev.wimigrate.events.cluster;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.InvalidFieldException;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.common.WorkloadRef;
import java.time.Duration;

/** Check within {@code timeout} that the new pods are ready and carry Workload ID. */
public record VerifyWorkload(StepRef step, WorkloadRef workload, Duration timeout, boolean dryRun)
    implements ClusterCommand {

  public static final String TYPE = "dev.wimigrate.cluster.VerifyWorkload.v1";

  public VerifyWorkload {
    Checks.notNull("step", step);
    Checks.notNull("workload", workload);
    if (Checks.notNull("timeout", timeout).isNegative() || timeout.isZero()) {
      throw new InvalidFieldException("timeout", "must be positive, got " + timeout);
    }
  }
}
