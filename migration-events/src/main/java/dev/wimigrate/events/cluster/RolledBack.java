package dev.wimigrate.events.cluster;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.common.WorkloadRef;
import java.util.List;

/** The workload runs on pod identity again; objects restored named {@code Kind/namespace/name}. */
public record RolledBack(StepRef step, WorkloadRef workload, List<String> restoredObjects)
    implements ClusterResult {

  public static final String TYPE = "dev.wimigrate.cluster.RolledBack.v1";

  public RolledBack {
    Checks.notNull("step", step);
    Checks.notNull("workload", workload);
    restoredObjects = Checks.list("restoredObjects", restoredObjects, Checks::notBlank);
  }
}
