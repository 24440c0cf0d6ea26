package dev.wimigrate.inventory.planning;

import java.util.List;

/**
 * A service account the plan federates for one identity in one (cluster, namespace), and the
 * workloads that will run as it.
 */
public record ServiceAccountPlan(
    String clusterId,
    String namespace,
    String identityResourceId,
    String serviceAccount,
    ServiceAccountDecision decision,
    String reason,
    List<String> workloads) {

  public ServiceAccountPlan {
    workloads = List.copyOf(workloads);
  }
}
