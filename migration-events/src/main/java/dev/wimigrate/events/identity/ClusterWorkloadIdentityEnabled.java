package dev.wimigrate.events.identity;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.SchemaHint;
import dev.wimigrate.events.common.StepRef;

/** The cluster has its OIDC issuer (URL exactly as AKS reports it) and Workload ID on. */
public record ClusterWorkloadIdentityEnabled(
    StepRef step,
    @SchemaHint(pattern = Checks.CLUSTER_ID) String clusterId,
    @SchemaHint(format = "uri") String oidcIssuerUrl)
    implements IdentityResult {

  public static final String TYPE = "dev.wimigrate.identity.ClusterWorkloadIdentityEnabled.v1";

  public ClusterWorkloadIdentityEnabled {
    Checks.notNull("step", step);
    Checks.clusterId("clusterId", clusterId);
    Checks.httpsUrl("oidcIssuerUrl", oidcIssuerUrl);
  }

  @Override
  public String partitionKey() {
    return clusterId;
  }
}
