package dev.wimigrate.events.inventory;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.Nullable;
import dev.wimigrate.events.common.SchemaHint;
import java.time.Instant;
import java.util.List;

/**
 * An AzureIdentity and the bindings (names and selectors) that point at it; {@code deleted} when
 * the AzureIdentity is gone. Resource and client id are verbatim from its spec.
 */
public record PodIdentityObserved(
    @SchemaHint(pattern = Checks.CLUSTER_ID) String clusterId,
    @SchemaHint(pattern = Checks.DNS_LABEL) String namespace,
    @SchemaHint(pattern = Checks.DNS_SUBDOMAIN) String name,
    @SchemaHint(minimum = 0) int identityType,
    @Nullable String resourceId,
    @Nullable String clientId,
    List<String> bindingNames,
    List<String> selectors,
    boolean deleted,
    Instant observedAt)
    implements InventoryEvent {

  public static final String TYPE = "dev.wimigrate.inventory.PodIdentityObserved.v1";

  public PodIdentityObserved {
    Checks.clusterId("clusterId", clusterId);
    Checks.dnsLabel("namespace", namespace);
    Checks.dnsSubdomain("name", name);
    Checks.atLeast("identityType", identityType, 0);
    bindingNames = Checks.list("bindingNames", bindingNames, Checks::dnsSubdomain);
    selectors = Checks.list("selectors", selectors);
    Checks.notNull("observedAt", observedAt);
  }

  /** {@code clusterId/namespace/AzureIdentity/name}. */
  @Override
  public String partitionKey() {
    return clusterId + "/" + namespace + "/AzureIdentity/" + name;
  }
}
