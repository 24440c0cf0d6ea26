package dev.wimigrate.inventory.planning;

import java.util.List;

/**
 * A service account that a migrated workload runs as today but that the plan does not federate,
 * because federating it would hand the identity to pods that do not have it (or it is the
 * namespace's {@code default}, or it is already annotated for another identity).
 *
 * @param identities resource ids of the identities its workloads have through pod identity
 * @param workloads every workload of the fleet that runs as it
 */
public record SharedServiceAccount(
    String clusterId,
    String namespace,
    String serviceAccount,
    List<String> identities,
    List<String> workloads,
    String reason) {

  public SharedServiceAccount {
    identities = List.copyOf(identities);
    workloads = List.copyOf(workloads);
  }
}
