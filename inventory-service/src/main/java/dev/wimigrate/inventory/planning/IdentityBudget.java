package dev.wimigrate.inventory.planning;

import java.util.List;

/**
 * The federated credential budget of one pod identity across the whole fleet.
 *
 * @param resourceId the identity the workloads have through pod identity
 * @param neededCredentials distinct issuer × service account pairs the plan needs for it
 * @param existingCredentials credentials already on it and its overflow identities
 * @param newCredentials credentials the plan creates on it and its overflow identities
 * @param allocations the original first, then its overflow identities in order
 */
public record IdentityBudget(
    String resourceId,
    String clientId,
    int limit,
    int neededCredentials,
    int existingCredentials,
    int newCredentials,
    List<IdentityAllocation> allocations) {

  public IdentityBudget {
    allocations = List.copyOf(allocations);
  }
}
