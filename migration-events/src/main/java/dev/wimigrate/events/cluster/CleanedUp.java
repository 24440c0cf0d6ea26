package dev.wimigrate.events.cluster;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.common.WorkloadRef;
import java.util.List;

/** Pod identity leftovers removed; objects named {@code Kind/namespace/name}. */
public record CleanedUp(
    StepRef step, WorkloadRef workload, List<String> deletedObjects, List<String> updatedObjects)
    implements ClusterResult {

  public static final String TYPE = "dev.wimigrate.cluster.CleanedUp.v1";

  public CleanedUp {
    Checks.notNull("step", step);
    Checks.notNull("workload", workload);
    deletedObjects = Checks.list("deletedObjects", deletedObjects, Checks::notBlank);
    updatedObjects = Checks.list("updatedObjects", updatedObjects, Checks::notBlank);
  }
}
