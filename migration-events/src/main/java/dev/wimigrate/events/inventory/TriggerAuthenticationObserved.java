package dev.wimigrate.events.inventory;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.InvalidFieldException;
import dev.wimigrate.events.common.Nullable;
import dev.wimigrate.events.common.SchemaHint;
import java.time.Instant;

/**
 * A KEDA TriggerAuthentication (namespaced) or ClusterTriggerAuthentication ({@code clusterScoped},
 * no namespace) with its {@code spec.podIdentity.provider} ({@code none} when unset) and verbatim
 * {@code identityId}. Those with provider {@code azure} must move to {@code azure-workload}.
 */
public record TriggerAuthenticationObserved(
    @SchemaHint(pattern = Checks.CLUSTER_ID) String clusterId,
    @Nullable @SchemaHint(pattern = Checks.DNS_LABEL) String namespace,
    @SchemaHint(pattern = Checks.DNS_SUBDOMAIN) String name,
    boolean clusterScoped,
    String provider,
    @Nullable String identityId,
    boolean deleted,
    Instant observedAt)
    implements InventoryEvent {

  public static final String TYPE = "dev.wimigrate.inventory.TriggerAuthenticationObserved.v1";

  public TriggerAuthenticationObserved {
    Checks.clusterId("clusterId", clusterId);
    if (clusterScoped != (namespace == null)) {
      throw new InvalidFieldException(
          "namespace",
          clusterScoped
              ? "must be absent for a ClusterTriggerAuthentication, got " + Checks.quote(namespace)
              : "must be set for a namespaced TriggerAuthentication");
    }
    if (namespace != null) {
      Checks.dnsLabel("namespace", namespace);
    }
    Checks.dnsSubdomain("name", name);
    Checks.notBlank("provider", provider);
    Checks.notNull("observedAt", observedAt);
  }

  /**
   * {@code clusterId/namespace/TriggerAuthentication/name}, or {@code
   * clusterId/ClusterTriggerAuthentication/name}: one key per object, as for pod identity objects.
   */
  @Override
  public String partitionKey() {
    return clusterScoped
        ? clusterId + "/ClusterTriggerAuthentication/" + name
        : clusterId + "/" + namespace + "/TriggerAuthentication/" + name;
  }
}
