package dev.wimigrate.inventory.ticketing;

import dev.wimigrate.events.migration.TicketRef;

/**
 * The body of {@code POST /api/v1/migrations}: the generic ticket form without {@code requestedBy},
 * which is the authenticated caller instead (a body cannot vouch for who sent it).
 */
public final class MigrationRequestBody {

  private MigrationRequestBody() {}

  /**
   * @throws TicketPayloadException naming the offending field
   */
  public static TicketedMigrationRequest parse(byte[] body, String caller) {
    return fromGenericForm(JsonField.root(body), caller);
  }

  /** The generic form's selector, mode and ticket, with who asked decided by the caller. */
  static TicketedMigrationRequest fromGenericForm(JsonField root, String requestedBy) {
    JsonField selector = root.get("selector").object();
    JsonField ticket = root.get("ticket").object();
    return new TicketedMigrationRequest(
        TicketValues.selector(
            selector.path(),
            TicketValues.clusterId(selector.get("clusterId")),
            TicketValues.namespace(selector.get("namespace")),
            TicketValues.workloadNames(selector.get("workloadNames")),
            TicketValues.labels(selector.get("labels"))),
        TicketValues.mode(root.get("mode")),
        new TicketRef(
            ticket.get("system").text(),
            ticket.get("id").text(),
            TicketValues.callbackUrl(ticket.get("callbackUrl"))),
        requestedBy);
  }
}
