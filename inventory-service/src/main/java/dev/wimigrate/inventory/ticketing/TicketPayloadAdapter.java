package dev.wimigrate.inventory.ticketing;

/**
 * Turns the raw webhook body of one ticketing system into a {@link TicketedMigrationRequest}.
 * Unknown fields are ignored (systems add fields over time); a missing required field or a value
 * wimigrate refuses is a {@link TicketPayloadException} naming the field's path.
 */
public interface TicketPayloadAdapter {

  /** The source system, as in the webhook path {@code /api/v1/tickets/{system}}. */
  String system();

  TicketedMigrationRequest parse(byte[] body);
}
