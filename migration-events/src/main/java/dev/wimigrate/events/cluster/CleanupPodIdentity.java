package dev.wimigrate.events.cluster;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.common.WorkloadRef;

/**
 * After verification: drop the aadpodidbinding label, delete the AzureIdentityBinding/AzureIdentity
 * of this identity once unused, move KEDA {@code azure} providers to {@code azure-workload}.
 */
public record CleanupPodIdentity(
    StepRef step, WorkloadRef workload, String identityResourceId, boolean dryRun)
    implements ClusterCommand {

  public static final String TYPE = "dev.wimigrate.cluster.CleanupPodIdentity.v1";

  public CleanupPodIdentity {
    Checks.notNull("step", step);
    Checks.notNull("workload", workload);
    Checks.managedIdentityId("identityResourceId", identityResourceId);
  }
}
