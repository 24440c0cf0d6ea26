package dev.wimigrate.inventory.planning;

import java.util.List;

/**
 * The credentials one identity of a family (the original, or overflow {@code <name>-wi-N}) will
 * carry.
 *
 * @param overflow an identity the planner adds because the original's budget is spent
 * @param copyRoleAssignmentsFrom for an overflow identity, the original whose role assignments it
 *     must receive before any workload uses it; null for the original
 * @param existingCredentials every credential already on it (including ones this plan does not
 *     need)
 * @param newCredentials credentials this plan creates on it
 * @param totalCredentials existing plus new, never above the limit
 * @param credentials the credentials this plan needs on it, existing and new
 */
public record IdentityAllocation(
    String resourceId,
    boolean overflow,
    String copyRoleAssignmentsFrom,
    int existingCredentials,
    int newCredentials,
    int totalCredentials,
    List<FederatedCredentialPlan> credentials) {

  public IdentityAllocation {
    credentials = List.copyOf(credentials);
  }
}
