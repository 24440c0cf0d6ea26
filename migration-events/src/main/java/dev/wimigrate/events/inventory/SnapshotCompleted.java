package dev.wimigrate.events.inventory;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.Nullable;
import dev.wimigrate.events.common.SchemaHint;
import dev.wimigrate.events.common.StepRef;
import java.time.Instant;

/**
 * Closes a full snapshot: the inventory may now drop workloads of this cluster it did not hear
 * about since the snapshot began. {@code step} is set when the snapshot answers RequestSnapshot.
 */
public record SnapshotCompleted(
    @SchemaHint(pattern = Checks.CLUSTER_ID) String clusterId,
    @SchemaHint(pattern = Checks.OPAQUE_ID) String snapshotId,
    @SchemaHint(minimum = 0) int workloadCount,
    Instant completedAt,
    @Nullable StepRef step)
    implements InventoryEvent {

  public static final String TYPE = "dev.wimigrate.inventory.SnapshotCompleted.v1";

  public SnapshotCompleted {
    Checks.clusterId("clusterId", clusterId);
    Checks.opaqueId("snapshotId", snapshotId);
    Checks.atLeast("workloadCount", workloadCount, 0);
    Checks.notNull("completedAt", completedAt);
  }

  @Override
  public String partitionKey() {
    // its own key, so a compacted inventory topic keeps both it and the cluster facts
    return clusterId + "/SnapshotCompleted";
  }
}
