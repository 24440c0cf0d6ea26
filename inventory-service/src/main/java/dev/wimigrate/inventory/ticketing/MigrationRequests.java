package dev.wimigrate.inventory.ticketing;

/**
 * Where a ticket's migration request goes once its webhook was authenticated and parsed: the
 * migration saga implements it as a CDI bean. Must be idempotent per ticket: a ticketing system
 * re-sends a webhook it thinks failed, and the same ticket must then name the same migration
 * ({@code created = false}).
 */
public interface MigrationRequests {

  /**
   * Starts (or finds) the migration the ticket asks for.
   *
   * @throws MigrationRequestConflictException when the ticket already started a migration that this
   *     request contradicts (answered 409 with the exception's message)
   */
  MigrationAccepted submit(TicketedMigrationRequest request);
}
