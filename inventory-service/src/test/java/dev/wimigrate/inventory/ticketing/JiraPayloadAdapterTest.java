package dev.wimigrate.inventory.ticketing;

import static dev.wimigrate.inventory.ticketing.GenericPayloadAdapterTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wimigrate.events.migration.MigrationMode;
import dev.wimigrate.events.migration.MigrationSelector;
import dev.wimigrate.events.migration.TicketRef;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JiraPayloadAdapterTest {

  final JiraPayloadAdapter adapter =
      new JiraPayloadAdapter(JiraSettings.defaults(URI.create("https://jira.example.com/")));

  /** A Jira Server webhook as it arrives, with the issue's other fields around ours. */
  static String issueCreated(String fields) {
    return """
        {"timestamp": 1767225600000,
         "webhookEvent": "jira:issue_created",
         "issue_event_type_name": "issue_created",
         "user": {"self": "https://jira.example.com/rest/api/2/user?username=alice",
                  "name": "alice", "displayName": "Alice Example", "active": true},
         "issue": {"id": "10042", "self": "https://jira.example.com/rest/api/2/issue/10042",
                   "key": "OPS-42",
                   "fields": {"summary": "Move the shop to Workload ID", "priority": null,
                              %s}}}
        """
        .formatted(fields);
  }

  @Test
  void anIssueWithTheMigrationFieldsBecomesTheRequestWithACommentCallback() {
    TicketedMigrationRequest request =
        adapter.parse(
            json(
                issueCreated(
                    """
                    "wimigrate_cluster": "aks-prod-1", "wimigrate_namespace": "shop",
                    "wimigrate_workloads": "cart, web", "wimigrate_labels": "team=payments",
                    "wimigrate_mode": {"self": "https://jira.example.com/rest/api/2/customFieldOption/10100",
                                       "value": "execute", "id": "10100"}
                    """)));

    assertThat(request)
        .isEqualTo(
            new TicketedMigrationRequest(
                new MigrationSelector(
                    "aks-prod-1", "shop", List.of("cart", "web"), Map.of("team", "payments")),
                MigrationMode.EXECUTE,
                new TicketRef(
                    "jira",
                    "OPS-42",
                    URI.create("https://jira.example.com/rest/api/2/issue/OPS-42/comment")),
                "alice"));
  }

  @Test
  void unsetOptionalFieldsAreNullAndMeanAllWorkloadsInADryRun() {
    TicketedMigrationRequest request =
        adapter.parse(
            json(
                issueCreated(
                    """
                    "wimigrate_cluster": "aks-1", "wimigrate_namespace": null,
                    "wimigrate_workloads": null, "wimigrate_mode": null
                    """)));

    assertThat(request.selector()).isEqualTo(new MigrationSelector("aks-1", null, null, null));
    assertThat(request.mode()).isEqualTo(MigrationMode.DRY_RUN);
  }

  @Test
  void customFieldIdsAndArraysWorkWhenConfigured() {
    JiraPayloadAdapter custom =
        new JiraPayloadAdapter(
            new JiraSettings(
                null,
                "customfield_10040",
                "customfield_10041",
                "customfield_10042",
                "customfield_10043",
                "customfield_10044"));

    TicketedMigrationRequest request =
        custom.parse(
            json(
                issueCreated(
                    """
                    "customfield_10040": {"value": "aks-2"}, "customfield_10041": "billing",
                    "customfield_10042": ["invoices", {"value": "ledger"}],
                    "customfield_10043": {"app": "ledger"}, "customfield_10044": "dry-run"
                    """)));

    assertThat(request.selector())
        .isEqualTo(
            new MigrationSelector(
                "aks-2", "billing", List.of("invoices", "ledger"), Map.of("app", "ledger")));
    assertThat(request.ticket().callbackUrl()).as("no Jira base URL configured").isNull();
  }

  @Test
  void jiraCloudSendsOnlyTheDisplayName() {
    String cloud =
        """
        {"webhookEvent": "jira:issue_updated",
         "user": {"accountId": "5b10ac8d82e05b22cc7d4ef5", "displayName": "Alice Example"},
         "issue": {"key": "OPS-7", "fields": {"wimigrate_cluster": "aks-1"}}}
        """;
    assertThat(adapter.parse(json(cloud)).requestedBy()).isEqualTo("Alice Example");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "no cluster | \"wimigrate_namespace\": \"shop\""
            + " | issue.fields.wimigrate_cluster: missing required field",
        "bad namespace | \"wimigrate_cluster\": \"aks-1\", \"wimigrate_namespace\": \"Foo_\""
            + " | issue.fields.wimigrate_namespace: must be a DNS-1123 label, got \"Foo_\"",
        "bad second workload | \"wimigrate_cluster\": \"aks-1\", \"wimigrate_workloads\":"
            + " \"cart,Web!\" | issue.fields.wimigrate_workloads[1]: must be a DNS-1123 subdomain,"
            + " got \"Web!\"",
        "bad mode option | \"wimigrate_cluster\": \"aks-1\", \"wimigrate_mode\": {\"value\":"
            + " \"now\"} | issue.fields.wimigrate_mode: must be \"dry-run\" or \"execute\", got"
            + " \"now\"",
        "labels without = | \"wimigrate_cluster\": \"aks-1\", \"wimigrate_labels\": \"team\""
            + " | issue.fields.wimigrate_labels: must be key=value pairs separated by commas, got"
            + " \"team\"",
        "cluster is a number | \"wimigrate_cluster\": 7"
            + " | issue.fields.wimigrate_cluster: must be a string, got a number",
      })
  void anIssueWhoseFieldsCannotBeARequestIsRefusedNamingTheField(
      String what, String fields, String message) {
    assertThatThrownBy(() -> adapter.parse(json(issueCreated(fields))))
        .isInstanceOf(TicketPayloadException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "other event | {\"webhookEvent\": \"comment_created\", \"user\": {\"name\": \"a\"},"
            + " \"issue\": {\"key\": \"OPS-1\", \"fields\": {}}} | webhookEvent: must be one of"
            + " jira:issue_created, jira:issue_updated, got \"comment_created\"",
        "no event | {\"user\": {\"name\": \"a\"}, \"issue\": {\"key\": \"OPS-1\", \"fields\": {}}}"
            + " | webhookEvent: missing required field",
        "no issue | {\"webhookEvent\": \"jira:issue_created\", \"user\": {\"name\": \"a\"}}"
            + " | issue: missing required field",
        "bad key | {\"webhookEvent\": \"jira:issue_created\", \"user\": {\"name\": \"a\"},"
            + " \"issue\": {\"key\": \"ops/../1\", \"fields\": {}}} | issue.key: must be a Jira issue"
            + " key such as OPS-42, got \"ops/../1\"",
        "no user name | {\"webhookEvent\": \"jira:issue_created\", \"user\": {\"active\": true},"
            + " \"issue\": {\"key\": \"OPS-1\", \"fields\": {\"wimigrate_cluster\": \"aks-1\"}}}"
            + " | user: must have a name or a displayName",
      })
  void aWebhookThatIsNotAnIssueEventOfAKnownIssueIsRefused(
      String what, String payload, String message) {
    assertThatThrownBy(() -> adapter.parse(json(payload)))
        .isInstanceOf(TicketPayloadException.class)
        .hasMessage(message);
  }
}
