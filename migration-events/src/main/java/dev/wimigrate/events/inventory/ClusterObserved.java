package dev.wimigrate.events.inventory;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.Nullable;
import dev.wimigrate.events.common.SchemaHint;
import java.time.Instant;

/**
 * Cluster-wide facts that decide what the migration must enable first. The issuer is reported as
 * the cluster serves it (null without OIDC discovery); whether Entra can trust it (https) is
 * checked when a federated credential is created. {@code azureResourceId} is the AKS managed
 * cluster's ARM id when the agent is configured with it; the orchestrator needs it to enable the
 * OIDC issuer and Workload ID and to remove the pod identity add-on.
 */
public record ClusterObserved(
    @SchemaHint(pattern = Checks.CLUSTER_ID) String clusterId,
    String kubernetesVersion,
    @Nullable String oidcIssuerUrl,
    boolean workloadIdentityWebhookInstalled,
    boolean podIdentityCrdsInstalled,
    boolean kedaInstalled,
    Instant observedAt,
    @Nullable String azureResourceId)
    implements InventoryEvent {

  public static final String TYPE = "dev.wimigrate.inventory.ClusterObserved.v1";

  public ClusterObserved {
    Checks.clusterId("clusterId", clusterId);
    Checks.notBlank("kubernetesVersion", kubernetesVersion);
    if (oidcIssuerUrl != null) {
      Checks.notBlank("oidcIssuerUrl", oidcIssuerUrl);
    }
    Checks.notNull("observedAt", observedAt);
    if (azureResourceId != null) {
      Checks.clusterResourceId("azureResourceId", azureResourceId);
    }
  }

  @Override
  public String partitionKey() {
    return clusterId;
  }
}
