package dev.wimigrate.inventory.fleet;

import java.time.Instant;
import java.util.Map;

/**
 * Counts over the whole fleet. {@code byPath} uses the names of {@code MigrationPath} plus {@code
 * NONE} for workloads without pod identity; {@code byWorkloadIdentity} the {@link
 * WorkloadIdentityStatus} names. Every bucket is present, with 0 when empty.
 */
public record FleetSummary(
    int clusters,
    int workloads,
    int podIdentities,
    int triggerAuthentications,
    Map<String, Integer> byPath,
    Map<String, Integer> byWorkloadIdentity,
    Map<String, ClusterCounts> byCluster) {

  /** Counts of one cluster, with the time of its newest full snapshot (null if none yet). */
  public record ClusterCounts(
      int workloads,
      int podIdentities,
      int triggerAuthentications,
      Map<String, Integer> byPath,
      Map<String, Integer> byWorkloadIdentity,
      Instant lastSnapshotAt) {}
}
