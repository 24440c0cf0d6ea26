package dev.wimigrate.inventory.ticketing;

import dev.wimigrate.inventory.saga.MigrationStatusChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reports each migration status change to its ticket. {@link TicketCallbacks} queues and retries on
 * its own threads, so the saga never waits for a ticketing system.
 */
@ApplicationScoped
public class MigrationStatusCallbacks {

  private final TicketCallbacks callbacks;

  public MigrationStatusCallbacks(TicketCallbacks callbacks) {
    this.callbacks = callbacks;
  }

  void onStatusChange(@ObservesAsync MigrationStatusChanged change) {
    Map<String, Object> summary = new LinkedHashMap<>();
    if (change.from() != null) {
      summary.put("previousStatus", change.from().name());
    }
    summary.put("reason", change.reason());
    summary.put("workloadsByPhase", change.workloadsByPhase());
    summary.put("details", "/api/v1/migrations/" + change.migrationId());
    callbacks.notify(change.ticket(), change.migrationId(), change.to().name(), summary);
  }
}
