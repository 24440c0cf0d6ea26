package dev.wimigrate.inventory.planning;

/**
 * The cluster-level step before any workload of the cluster moves.
 *
 * @param issuer the cluster's OIDC issuer, null if it has none (or the cluster was never observed)
 * @param observed a ClusterObserved from its agent is known
 * @param enableWorkloadIdentity the OIDC issuer and/or Workload ID must be enabled first
 * @param workloads workloads of this cluster the plan migrates
 * @param blocked selected workloads of this cluster the plan leaves on pod identity
 */
public record ClusterPlan(
    String clusterId,
    String issuer,
    boolean observed,
    boolean enableWorkloadIdentity,
    String reason,
    int workloads,
    int blocked) {}
