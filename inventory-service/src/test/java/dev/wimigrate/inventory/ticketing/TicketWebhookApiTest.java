package dev.wimigrate.inventory.ticketing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import dev.wimigrate.events.migration.MigrationMode;
import dev.wimigrate.events.migration.MigrationSelector;
import dev.wimigrate.events.migration.TicketRef;
import dev.wimigrate.inventory.security.EntraIdProfile;
import dev.wimigrate.testkit.kafka.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/tickets/{system}} over HTTP: signed by the secrets of the %test profile
 * (generic, Jira; ServiceNow has none and is disabled), needing no other credentials.
 */
@QuarkusTest
@TestProfile(EntraIdProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
class TicketWebhookApiTest {

  static final String JIRA_SECRET = "test-jira-secret";
  static final String GENERIC_SECRET = "test-generic-secret";

  @Inject RecordingMigrationRequests migrations;

  static String issueKey() {
    return "OPS-" + (1000 + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 100000));
  }

  static byte[] jiraIssue(String key, String namespace) {
    return """
        {"webhookEvent": "jira:issue_created", "user": {"name": "alice"},
         "issue": {"key": "%s", "fields": {"wimigrate_cluster": "aks-prod-1",
                   "wimigrate_namespace": "%s", "wimigrate_workloads": "cart",
                   "wimigrate_mode": "execute"}}}
        """
        .formatted(key, namespace)
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aSignedJiraIssueStartsItsMigration() {
    String key = issueKey();
    byte[] body = jiraIssue(key, "shop");

    given()
        .header("X-Hub-Signature", Signing.hub(JIRA_SECRET, body))
        .contentType("application/json")
        .body(body)
        .post("/api/v1/tickets/jira")
        .then()
        .statusCode(202)
        .header(
            "Location",
            endsWith("/api/v1/migrations/" + RecordingMigrationRequests.id("jira/" + key)))
        .body("migrationId", equalTo(RecordingMigrationRequests.id("jira/" + key)))
        .body("created", equalTo(true));

    assertThat(migrations.received())
        .last()
        .isEqualTo(
            new TicketedMigrationRequest(
                new MigrationSelector("aks-prod-1", "shop", List.of("cart"), Map.of()),
                MigrationMode.EXECUTE,
                new TicketRef(
                    "jira",
                    key,
                    URI.create("https://jira.example.com/rest/api/2/issue/" + key + "/comment")),
                "alice"));
  }

  @Test
  void theSameWebhookDeliveredTwiceNamesTheSameMigration() {
    String key = issueKey();
    byte[] body = jiraIssue(key, "shop");
    for (boolean created : new boolean[] {true, false}) {
      given()
          .header("X-Hub-Signature", Signing.hub(JIRA_SECRET, body))
          .body(body)
          .post("/api/v1/tickets/jira")
          .then()
          .statusCode(202)
          .body("migrationId", equalTo(RecordingMigrationRequests.id("jira/" + key)))
          .body("created", equalTo(created));
    }
  }

  @Test
  void theTicketComingBackWithAnotherSelectorIsAConflict() {
    String key = issueKey();
    byte[] first = jiraIssue(key, "shop");
    byte[] changed = jiraIssue(key, "billing");
    given()
        .header("X-Hub-Signature", Signing.hub(JIRA_SECRET, first))
        .body(first)
        .post("/api/v1/tickets/jira")
        .then()
        .statusCode(202);

    given()
        .header("X-Hub-Signature", Signing.hub(JIRA_SECRET, changed))
        .body(changed)
        .post("/api/v1/tickets/jira")
        .then()
        .statusCode(409)
        .body("status", equalTo(409))
        .body(
            "error",
            equalTo(
                "ticket jira/"
                    + key
                    + " already started migration "
                    + RecordingMigrationRequests.id("jira/" + key)
                    + " with another selector or mode"));
  }

  @Test
  void aWrongSignatureIsRefusedAndNothingStarts() {
    byte[] body = jiraIssue(issueKey(), "shop");
    int before = migrations.received().size();

    given()
        .header("X-Hub-Signature", Signing.hub("not-the-secret", body))
        .body(body)
        .post("/api/v1/tickets/jira")
        .then()
        .statusCode(401)
        .body("status", equalTo(401))
        .body(
            "error",
            equalTo(
                "X-Hub-Signature does not match the body: not signed with this webhook's secret,"
                    + " or altered"));
    given()
        .body(body)
        .post("/api/v1/tickets/jira")
        .then()
        .statusCode(401)
        .body("error", equalTo("missing header X-Hub-Signature"));

    assertThat(migrations.received()).hasSize(before);
  }

  @Test
  void aSignedButMalformedPayloadIsABadRequestNamingTheField() {
    byte[] body =
        """
        {"webhookEvent": "jira:issue_created", "user": {"name": "alice"},
         "issue": {"key": "OPS-7", "fields": {"wimigrate_cluster": "aks-1",
                   "wimigrate_namespace": "Foo_"}}}
        """
            .getBytes(StandardCharsets.UTF_8);

    given()
        .header("X-Hub-Signature", Signing.hub(JIRA_SECRET, body))
        .body(body)
        .post("/api/v1/tickets/jira")
        .then()
        .statusCode(400)
        .body("status", equalTo(400))
        .body(
            "error",
            equalTo("issue.fields.wimigrate_namespace: must be a DNS-1123 label, got \"Foo_\""));
  }

  @Test
  void theGenericWebhookNeedsAFreshTimestamp() {
    byte[] body =
        """
        {"selector": {"clusterId": "aks-1"}, "ticket": {"system": "github", "id": "ops#%s"},
         "requestedBy": "ci"}
        """
            .formatted(UUID.randomUUID())
            .getBytes(StandardCharsets.UTF_8);
    long now = Instant.now().getEpochSecond();

    given()
        .header("X-Wimigrate-Timestamp", now)
        .header("X-Wimigrate-Signature", Signing.wimigrate(GENERIC_SECRET, now, body))
        .body(body)
        .post("/api/v1/tickets/generic")
        .then()
        .statusCode(202)
        .body("created", equalTo(true));

    long stale = now - 3600;
    given()
        .header("X-Wimigrate-Timestamp", stale)
        .header("X-Wimigrate-Signature", Signing.wimigrate(GENERIC_SECRET, stale, body))
        .body(body)
        .post("/api/v1/tickets/generic")
        .then()
        .statusCode(401)
        .body("error", org.hamcrest.Matchers.startsWith("X-Wimigrate-Timestamp is 3600 s behind"));
  }

  @Test
  void anUnknownSystemAndADisabledOneAreBothNotFound() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    for (String system : List.of("gitlab", "servicenow")) {
      given()
          .header("X-ServiceNow-Signature", Signing.serviceNow("anything", body))
          .body(body)
          .post("/api/v1/tickets/" + system)
          .then()
          .statusCode(404)
          .body(
              "error",
              equalTo(
                  "no ticket webhook is enabled for '"
                      + system
                      + "' (webhooks: generic, jira, servicenow, each enabled by configuring its"
                      + " secret)"));
    }
  }
}
