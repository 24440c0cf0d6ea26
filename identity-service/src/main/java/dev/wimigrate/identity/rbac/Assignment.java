package dev.wimigrate.identity.rbac;

import java.util.Locale;

/**
 * One role assignment of a principal: which role at which scope, with its ABAC condition if any.
 * Two assignments grant the same when role and scope are equal as ARM compares them (GUID of the
 * role definition, scope case-insensitive without a trailing slash) and the condition is equal.
 *
 * @param roleDefinitionId as ARM returns it, e.g. {@code
 *     /subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{guid}}
 * @param scope e.g. {@code /subscriptions/{sub}/resourceGroups/{rg}}
 */
public record Assignment(
    String roleDefinitionId, String scope, String condition, String conditionVersion) {

  public Assignment {
    if (roleDefinitionId == null || roleDefinitionId.isBlank()) {
      throw new IllegalArgumentException("roleDefinitionId is required");
    }
    if (scope == null || scope.isBlank()) {
      throw new IllegalArgumentException("scope is required");
    }
  }

  public static Assignment of(String roleDefinitionId, String scope) {
    return new Assignment(roleDefinitionId, scope, null, null);
  }

  /** The role definition's GUID, lower case (the last segment of its id). */
  public String roleGuid() {
    String id = trimSlash(roleDefinitionId);
    return id.substring(id.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
  }

  /** What decides whether two assignments grant the same. */
  public String grantKey() {
    String normalizedCondition = condition == null ? "" : condition.strip();
    return roleGuid()
        + "@"
        + trimSlash(scope).toLowerCase(Locale.ROOT)
        + (normalizedCondition.isEmpty() ? "" : "?" + normalizedCondition);
  }

  /** {@code roleDefinitionId@scope}, as results report it. */
  public String describe() {
    return roleDefinitionId + "@" + scope + (condition == null ? "" : " (with condition)");
  }

  private static String trimSlash(String value) {
    String v = value.strip();
    return v.endsWith("/") && v.length() > 1 ? v.substring(0, v.length() - 1) : v;
  }
}
