package dev.wimigrate.inventory.ticketing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.ws.rs.WebApplicationException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The webhook's decisions without HTTP, for the case the REST tests cannot set up. */
class TicketWebhookResourceTest {

  static final String SECRET = "s";

  @Test
  void withoutAMigrationOrchestratorAValidRequestIsServiceUnavailable() {
    TicketSources sources =
        new TicketSources(
            List.of("jira"),
            List.of(
                new TicketSources.TicketSource(
                    new JiraPayloadAdapter(JiraSettings.defaults(null)),
                    SignatureScheme.HUB,
                    SECRET.getBytes(StandardCharsets.UTF_8))));
    TicketWebhookResource resource =
        new TicketWebhookResource(
            sources,
            new WebhookSignatures(Clock.systemUTC(), Duration.ofMinutes(5)),
            Optional::empty);
    byte[] body = TicketWebhookApiTest.jiraIssue("OPS-1", "shop");

    WebApplicationException refused =
        catchThrowableOfType(
            WebApplicationException.class,
            () ->
                resource.handle(
                    "jira", Map.of("X-Hub-Signature", Signing.hub(SECRET, body))::get, body));

    assertThat(refused.getResponse().getStatus()).isEqualTo(503);
    assertThat(refused.getResponse().getEntity())
        .isEqualTo(
            Map.of(
                "status",
                503,
                "error",
                "migrations cannot be started: no migration orchestrator runs in this service"));
  }
}
