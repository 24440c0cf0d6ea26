package dev.wimigrate.events.identity;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.SchemaHint;
import dev.wimigrate.events.common.StepRef;

/** Turn on the OIDC issuer and Workload ID on an AKS cluster (before its first FIC). */
public record EnableClusterWorkloadIdentity(
    StepRef step,
    @SchemaHint(pattern = Checks.CLUSTER_ID) String clusterId,
    String clusterResourceId)
    implements IdentityCommand {

  public static final String TYPE = "dev.wimigrate.identity.EnableClusterWorkloadIdentity.v1";

  public EnableClusterWorkloadIdentity {
    Checks.notNull("step", step);
    Checks.clusterId("clusterId", clusterId);
    Checks.clusterResourceId("clusterResourceId", clusterResourceId);
  }

  @Override
  public String partitionKey() {
    return clusterId;
  }
}
