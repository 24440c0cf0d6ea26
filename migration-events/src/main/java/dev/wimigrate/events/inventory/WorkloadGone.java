package dev.wimigrate.events.inventory;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.WorkloadRef;
import java.time.Instant;

/** The workload was deleted (or is no longer in scope of the agent). */
public record WorkloadGone(WorkloadRef workload, Instant observedAt) implements InventoryEvent {

  public static final String TYPE = "dev.wimigrate.inventory.WorkloadGone.v1";

  public WorkloadGone {
    Checks.notNull("workload", workload);
    Checks.notNull("observedAt", observedAt);
  }

  @Override
  public String clusterId() {
    return workload.clusterId();
  }

  @Override
  public String partitionKey() {
    return workload.key();
  }
}
