package dev.wimigrate.inventory.ticketing;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.migration.TicketRef;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A ServiceNow change request sent by an outbound REST message or business rule: {@code number}
 * (e.g. {@code CHG0030001}) is the ticket id, {@code sys_id} names the record for work notes,
 * {@code opened_by} is who asked. The migration fields are the record's columns {@code
 * u_wimigrate_cluster}, {@code u_wimigrate_namespace}, {@code u_wimigrate_workloads}, {@code
 * u_wimigrate_labels}, {@code u_wimigrate_mode}, or, for a catalog item, the {@code variables}
 * object's {@code wimigrate_cluster}, … (a column that is set wins). ServiceNow sends unset fields
 * as {@code ""}; they count as absent. Reference and choice fields may be strings or {@code
 * {"value": …, "display_value": …}} objects.
 */
public final class ServiceNowPayloadAdapter implements TicketPayloadAdapter {

  public static final String SYSTEM = "servicenow";
  static final String COLUMN_PREFIX = "u_wimigrate_";
  static final String VARIABLE_PREFIX = "wimigrate_";

  private static final Pattern SYS_ID = Pattern.compile("^[0-9a-f]{32}$");
  private static final Pattern NUMBER = Pattern.compile("^[A-Za-z0-9_.-]{1,40}$");

  private final ServiceNowSettings settings;

  public ServiceNowPayloadAdapter(ServiceNowSettings settings) {
    this.settings = settings;
  }

  @Override
  public String system() {
    return SYSTEM;
  }

  @Override
  public TicketedMigrationRequest parse(byte[] body) {
    JsonField root = JsonField.root(body);
    JsonField sysIdField = root.get("sys_id");
    String sysId = TicketValues.text(sysIdField).toLowerCase(Locale.ROOT);
    if (!SYS_ID.matcher(sysId).matches()) {
      throw sysIdField.invalid(
          "must be a ServiceNow sys_id (32 hex digits), got " + Checks.quote(sysId));
    }
    JsonField numberField = root.get("number");
    String number = TicketValues.text(numberField);
    if (!NUMBER.matcher(number).matches()) {
      throw numberField.invalid(
          "must be a record number such as CHG0030001 (letters, digits, '.', '_', '-'), got "
              + Checks.quote(number));
    }
    JsonField variables = root.get("variables");
    if (!TicketValues.isUnset(variables)) {
      variables.object();
    }
    JsonField cluster = field(root, variables, "cluster");
    JsonField namespace = field(root, variables, "namespace");
    return new TicketedMigrationRequest(
        TicketValues.selector(
            "",
            TicketValues.clusterId(cluster),
            TicketValues.namespace(namespace),
            TicketValues.workloadNames(field(root, variables, "workloads")),
            TicketValues.labels(field(root, variables, "labels"))),
        TicketValues.mode(field(root, variables, "mode")),
        new TicketRef(SYSTEM, number, callbackUrl(sysId)),
        openedBy(root.get("opened_by")));
  }

  /**
   * The column {@code u_wimigrate_<name>} if set, else the catalog variable {@code
   * wimigrate_<name>}; when neither is set, the absent column (so a missing required value is
   * reported under the column's name).
   */
  private static JsonField field(JsonField root, JsonField variables, String name) {
    JsonField column = root.get(COLUMN_PREFIX + name);
    if (!TicketValues.isUnset(column)) {
      return column;
    }
    JsonField variable =
        variables.isObject() ? variables.get(VARIABLE_PREFIX + name) : new JsonField("", null);
    return TicketValues.isUnset(variable) ? new JsonField(column.path(), null) : variable;
  }

  /** A reference field: its display value (the user's name) if sent, else its value. */
  private static String openedBy(JsonField field) {
    if (field.isObject()) {
      JsonField display = field.get("display_value");
      return TicketValues.requestedBy(TicketValues.isUnset(display) ? field.get("value") : display);
    }
    return TicketValues.requestedBy(field);
  }

  private URI callbackUrl(String sysId) {
    if (settings.instanceUrl() == null) {
      return null;
    }
    return URI.create(
        JiraPayloadAdapter.stripSlash(settings.instanceUrl().toString())
            + "/api/now/table/change_request/"
            + sysId);
  }
}
