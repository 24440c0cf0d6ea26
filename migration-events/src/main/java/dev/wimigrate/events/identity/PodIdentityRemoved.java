package dev.wimigrate.events.identity;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.SchemaHint;
import dev.wimigrate.events.common.StepRef;
import java.util.List;

/** Pod identity entries removed ({@code namespace/name}); whether the add-on is now off. */
public record PodIdentityRemoved(
    StepRef step,
    @SchemaHint(pattern = Checks.CLUSTER_ID) String clusterId,
    List<String> removed,
    boolean addonDisabled)
    implements IdentityResult {

  public static final String TYPE = "dev.wimigrate.identity.PodIdentityRemoved.v1";

  public PodIdentityRemoved {
    Checks.notNull("step", step);
    Checks.clusterId("clusterId", clusterId);
    removed = Checks.list("removed", removed, Checks::namespacedName);
  }

  @Override
  public String partitionKey() {
    return clusterId;
  }
}
