package dev.wimigrate.events.identity;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.InvalidFieldException;
import dev.wimigrate.events.common.SchemaHint;
import dev.wimigrate.events.common.StepRef;
import java.util.List;

/**
 * Remove pod identity entries ({@code namespace/name}) from the cluster's pod identity profile and,
 * once no workload needs it, disable the add-on.
 */
public record RemovePodIdentity(
    StepRef step,
    @SchemaHint(pattern = Checks.CLUSTER_ID) String clusterId,
    String clusterResourceId,
    List<String> podIdentityNames,
    boolean disableAddon)
    implements IdentityCommand {

  public static final String TYPE = "dev.wimigrate.identity.RemovePodIdentity.v1";

  public RemovePodIdentity {
    Checks.notNull("step", step);
    Checks.clusterId("clusterId", clusterId);
    Checks.clusterResourceId("clusterResourceId", clusterResourceId);
    podIdentityNames = Checks.list("podIdentityNames", podIdentityNames, Checks::namespacedName);
    if (podIdentityNames.isEmpty() && !disableAddon) {
      throw new InvalidFieldException(
          "podIdentityNames", "must not be empty unless disableAddon is true");
    }
  }

  @Override
  public String partitionKey() {
    return clusterId;
  }
}
