package dev.wimigrate.inventory.ticketing;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.migration.TicketRef;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Jira webhook ({@code jira:issue_created} or {@code jira:issue_updated}): the issue key is the
 * ticket id, the issue's fields named in {@link JiraSettings} hold the selector and mode, the
 * webhook's {@code user} (name, else display name) is who asked.
 *
 * <pre>{@code
 * {"webhookEvent": "jira:issue_created",
 *  "user": {"name": "alice", "displayName": "Alice Example"},
 *  "issue": {"key": "OPS-42",
 *            "fields": {"wimigrate_cluster": "aks-prod-1", "wimigrate_namespace": "shop",
 *                       "wimigrate_workloads": "cart, web", "wimigrate_mode": {"value": "execute"}}}}
 * }</pre>
 */
public final class JiraPayloadAdapter implements TicketPayloadAdapter {

  public static final String SYSTEM = "jira";
  static final List<String> ISSUE_EVENTS = List.of("jira:issue_created", "jira:issue_updated");

  /** A project key (a letter, then letters, digits or '_') and the issue number. */
  private static final Pattern ISSUE_KEY =
      Pattern.compile("^[A-Z][A-Z0-9_]{0,254}-[1-9][0-9]{0,17}$");

  private final JiraSettings settings;

  public JiraPayloadAdapter(JiraSettings settings) {
    this.settings = settings;
  }

  @Override
  public String system() {
    return SYSTEM;
  }

  @Override
  public TicketedMigrationRequest parse(byte[] body) {
    JsonField root = JsonField.root(body);
    JsonField event = root.get("webhookEvent");
    if (!ISSUE_EVENTS.contains(event.text())) {
      throw event.invalid(
          "must be one of "
              + String.join(", ", ISSUE_EVENTS)
              + ", got "
              + Checks.quote(event.text()));
    }
    JsonField issue = root.get("issue").object();
    JsonField keyField = issue.get("key");
    String key = keyField.text();
    if (!ISSUE_KEY.matcher(key).matches()) {
      throw keyField.invalid("must be a Jira issue key such as OPS-42, got " + Checks.quote(key));
    }
    JsonField fields = issue.get("fields").object();
    return new TicketedMigrationRequest(
        TicketValues.selector(
            fields.path(),
            TicketValues.clusterId(fields.get(settings.clusterField())),
            TicketValues.namespace(fields.get(settings.namespaceField())),
            TicketValues.workloadNames(fields.get(settings.workloadsField())),
            TicketValues.labels(fields.get(settings.labelsField()))),
        TicketValues.mode(fields.get(settings.modeField())),
        new TicketRef(SYSTEM, key, callbackUrl(key)),
        requestedBy(root.get("user")));
  }

  private URI callbackUrl(String key) {
    if (settings.baseUrl() == null) {
      return null;
    }
    return URI.create(
        stripSlash(settings.baseUrl().toString()) + "/rest/api/2/issue/" + key + "/comment");
  }

  /** Jira Server/Data Center send {@code user.name}; Jira Cloud only {@code displayName}. */
  private static String requestedBy(JsonField user) {
    user.object();
    JsonField name = user.get("name");
    JsonField displayName = user.get("displayName");
    if (name.isAbsent() && displayName.isAbsent()) {
      throw user.invalid("must have a name or a displayName");
    }
    return TicketValues.requestedBy(name.isAbsent() ? displayName : name);
  }

  static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
