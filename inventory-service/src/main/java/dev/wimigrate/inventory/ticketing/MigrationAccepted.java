package dev.wimigrate.inventory.ticketing;

import dev.wimigrate.events.common.Checks;

/**
 * A migration request taken in.
 *
 * @param migrationId the migration's id, served at {@code /api/v1/migrations/{migrationId}}
 * @param created {@code false} when the ticket had already started this migration
 */
public record MigrationAccepted(String migrationId, boolean created) {

  public MigrationAccepted {
    Checks.opaqueId("migrationId", migrationId);
  }
}
