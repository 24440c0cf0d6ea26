package dev.wimigrate.inventory.ticketing;

/**
 * wimigrate's own payload, for any system that can send a signed JSON request:
 *
 * <pre>{@code
 * {"selector": {"clusterId": "aks-prod-1", "namespace": "shop",
 *               "workloadNames": ["cart"], "labels": {"team": "payments"}},
 *  "mode": "dry-run",
 *  "ticket": {"system": "github", "id": "ops#42", "callbackUrl": "https://…"},
 *  "requestedBy": "alice@example.com"}
 * }</pre>
 *
 * {@code selector.clusterId}, {@code ticket.system}, {@code ticket.id} and {@code requestedBy} are
 * required; {@code mode} defaults to {@code dry-run}.
 */
public final class GenericPayloadAdapter implements TicketPayloadAdapter {

  public static final String SYSTEM = "generic";

  @Override
  public String system() {
    return SYSTEM;
  }

  @Override
  public TicketedMigrationRequest parse(byte[] body) {
    JsonField root = JsonField.root(body);
    return MigrationRequestBody.fromGenericForm(
        root, TicketValues.requestedBy(root.get("requestedBy")));
  }
}
