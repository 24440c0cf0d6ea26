package dev.wimigrate.events.migration;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.SchemaHint;
import java.time.Instant;

/** Start a migration of the selected workloads (idempotent on {@code migrationId}). */
public record MigrationRequested(
    @SchemaHint(pattern = Checks.OPAQUE_ID) String migrationId,
    MigrationSelector selector,
    MigrationMode mode,
    TicketRef ticket,
    String requestedBy,
    Instant requestedAt)
    implements MigrationEvent {

  public static final String TYPE = "dev.wimigrate.migration.MigrationRequested.v1";

  public MigrationRequested {
    Checks.opaqueId("migrationId", migrationId);
    Checks.notNull("selector", selector);
    Checks.notNull("mode", mode);
    Checks.notNull("ticket", ticket);
    Checks.notBlank("requestedBy", requestedBy);
    Checks.notNull("requestedAt", requestedAt);
  }
}
