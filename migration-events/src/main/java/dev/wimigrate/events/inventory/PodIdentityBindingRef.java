package dev.wimigrate.events.inventory;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.Nullable;
import dev.wimigrate.events.common.SchemaHint;

/**
 * An AzureIdentityBinding that selects a workload, with the AzureIdentity it binds. Resource and
 * client id are copied verbatim from the AzureIdentity spec (absent for service principals).
 */
public record PodIdentityBindingRef(
    @SchemaHint(pattern = Checks.DNS_SUBDOMAIN) String bindingName,
    @SchemaHint(pattern = Checks.DNS_SUBDOMAIN) String identityName,
    @Nullable String identityResourceId,
    @Nullable String clientId,
    @SchemaHint(minimum = 0) int identityType) {

  /** AzureIdentity {@code spec.type} of a user-assigned managed identity. */
  public static final int USER_ASSIGNED_MSI = 0;

  public PodIdentityBindingRef {
    Checks.dnsSubdomain("bindingName", bindingName);
    Checks.dnsSubdomain("identityName", identityName);
    Checks.atLeast("identityType", identityType, 0);
  }
}
