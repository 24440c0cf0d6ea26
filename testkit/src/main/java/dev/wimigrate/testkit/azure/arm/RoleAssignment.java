package dev.wimigrate.testkit.azure.arm;

import java.time.Instant;

/**
 * A role assignment as ARM stores it.
 *
 * @param id {@code {scope}/providers/Microsoft.Authorization/roleAssignments/{name}}
 * @param scope e.g. {@code /subscriptions/{sub}/resourceGroups/{rg}}
 */
public record RoleAssignment(
    String id,
    String name,
    String scope,
    String roleDefinitionId,
    String principalId,
    String principalType,
    String description,
    String condition,
    String conditionVersion,
    Instant createdOn,
    Instant updatedOn,
    String createdBy,
    String updatedBy) {

  public static final String TYPE = "Microsoft.Authorization/roleAssignments";

  /** The role definition's GUID (the last segment of its id). */
  public String roleDefinitionGuid() {
    return roleDefinitionId.substring(roleDefinitionId.lastIndexOf('/') + 1);
  }
}
