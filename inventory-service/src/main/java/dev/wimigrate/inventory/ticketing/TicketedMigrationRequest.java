package dev.wimigrate.inventory.ticketing;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.migration.MigrationMode;
import dev.wimigrate.events.migration.MigrationSelector;
import dev.wimigrate.events.migration.TicketRef;

/**
 * A migration asked for by a change ticket, whatever the ticketing system: what to migrate, how
 * (dry run or execute), the ticket to report back to, and who asked.
 */
public record TicketedMigrationRequest(
    MigrationSelector selector, MigrationMode mode, TicketRef ticket, String requestedBy) {

  public TicketedMigrationRequest {
    Checks.notNull("selector", selector);
    Checks.notNull("mode", mode);
    Checks.notNull("ticket", ticket);
    Checks.notBlank("requestedBy", requestedBy);
  }
}
