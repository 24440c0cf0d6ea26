package dev.wimigrate.inventory.saga;

import dev.wimigrate.events.migration.TicketRef;
import java.util.Map;

/**
 * Fired (asynchronously, CDI) when a migration starts or changes status, for the ticket callbacks;
 * observers must never block the saga. {@code from} is null when the migration was just created;
 * {@code workloadsByPhase} counts its workloads per {@link SagaPhase}.
 */
public record MigrationStatusChanged(
    String migrationId,
    TicketRef ticket,
    MigrationStatus from,
    MigrationStatus to,
    String reason,
    Map<String, Long> workloadsByPhase) {

  public MigrationStatusChanged {
    workloadsByPhase = Map.copyOf(workloadsByPhase);
  }
}
