package dev.wimigrate.testkit.azure.arm;

import java.util.Map;

/**
 * A user-assigned managed identity as ARM stores it.
 *
 * @param id resource id as ARM returns it ({@code /subscriptions/…/resourcegroups/…/providers/…})
 * @param principalId object id of its service principal (used for RBAC and as {@code oid})
 * @param clientId application id (used in token requests)
 */
public record ManagedIdentity(
    String id,
    String subscriptionId,
    String resourceGroup,
    String name,
    String location,
    Map<String, String> tags,
    String tenantId,
    String principalId,
    String clientId) {

  public static final String TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities";

  public ManagedIdentity {
    tags = Map.copyOf(tags);
  }

  public static String resourceId(String subscriptionId, String resourceGroup, String name) {
    return "/subscriptions/"
        + subscriptionId
        + "/resourcegroups/"
        + resourceGroup
        + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
        + name;
  }
}
