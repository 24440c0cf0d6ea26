package dev.wimigrate.inventory.ticketing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wimigrate.events.migration.MigrationMode;
import dev.wimigrate.events.migration.MigrationSelector;
import dev.wimigrate.events.migration.TicketRef;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenericPayloadAdapterTest {

  final GenericPayloadAdapter adapter = new GenericPayloadAdapter();

  static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aCompletePayloadBecomesTheRequestAndUnknownFieldsAreIgnored() {
    TicketedMigrationRequest request =
        adapter.parse(
            json(
                """
                {"selector": {"clusterId": "aks-prod-1", "namespace": "shop",
                              "workloadNames": ["cart", "web"], "labels": {"team": "payments"},
                              "future": true},
                 "mode": "execute",
                 "ticket": {"system": "github", "id": "ops#42",
                            "callbackUrl": "https://hooks.example.com/wimigrate/ops-42"},
                 "requestedBy": "alice@example.com",
                 "comment": "added by a newer sender"}
                """));

    assertThat(request)
        .isEqualTo(
            new TicketedMigrationRequest(
                new MigrationSelector(
                    "aks-prod-1", "shop", List.of("cart", "web"), Map.of("team", "payments")),
                MigrationMode.EXECUTE,
                new TicketRef(
                    "github", "ops#42", URI.create("https://hooks.example.com/wimigrate/ops-42")),
                "alice@example.com"));
  }

  @Test
  void withoutModeARequestIsADryRunAndOptionalSelectorPartsMatchEverything() {
    TicketedMigrationRequest request =
        adapter.parse(
            json(
                """
                {"selector": {"clusterId": "aks-1"},
                 "ticket": {"system": "github", "id": "7"},
                 "requestedBy": "bob"}
                """));

    assertThat(request.mode()).isEqualTo(MigrationMode.DRY_RUN);
    assertThat(request.selector()).isEqualTo(new MigrationSelector("aks-1", null, null, null));
    assertThat(request.ticket().callbackUrl()).isNull();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "dry-run | DRY_RUN",
        "DRY_RUN | DRY_RUN",
        "Execute | EXECUTE",
      })
  void modeIsReadWhateverItsCase(String given, MigrationMode expected) {
    String body =
        """
        {"selector": {"clusterId": "aks-1"}, "mode": "%s",
         "ticket": {"system": "s", "id": "1"}, "requestedBy": "bob"}
        """
            .formatted(given);
    assertThat(adapter.parse(json(body)).mode()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        // what is wrong | payload | precise message
        "no selector | {\"mode\": \"execute\", \"ticket\": {\"system\": \"s\", \"id\": \"1\"},"
            + " \"requestedBy\": \"b\"} | selector: missing required field",
        "no cluster | {\"selector\": {\"namespace\": \"shop\"}, \"ticket\": {\"system\": \"s\","
            + " \"id\": \"1\"}, \"requestedBy\": \"b\"} | selector.clusterId: missing required field",
        "bad namespace | {\"selector\": {\"clusterId\": \"aks-1\", \"namespace\": \"Foo_\"},"
            + " \"ticket\": {\"system\": \"s\", \"id\": \"1\"}, \"requestedBy\": \"b\"}"
            + " | selector.namespace: must be a DNS-1123 label, got \"Foo_\"",
        "bad workload name | {\"selector\": {\"clusterId\": \"aks-1\", \"workloadNames\": [\"ok\","
            + " \"Not OK\"]}, \"ticket\": {\"system\": \"s\", \"id\": \"1\"}, \"requestedBy\": \"b\"}"
            + " | selector.workloadNames[1]: must be a DNS-1123 subdomain, got \"Not OK\"",
        "bad mode | {\"selector\": {\"clusterId\": \"aks-1\"}, \"mode\": \"run\", \"ticket\":"
            + " {\"system\": \"s\", \"id\": \"1\"}, \"requestedBy\": \"b\"}"
            + " | mode: must be \"dry-run\" or \"execute\", got \"run\"",
        "number as mode | {\"selector\": {\"clusterId\": \"aks-1\"}, \"mode\": 1, \"ticket\":"
            + " {\"system\": \"s\", \"id\": \"1\"}, \"requestedBy\": \"b\"}"
            + " | mode: must be \"dry-run\" or \"execute\", got a number",
        "no ticket id | {\"selector\": {\"clusterId\": \"aks-1\"}, \"ticket\": {\"system\": \"s\"},"
            + " \"requestedBy\": \"b\"} | ticket.id: missing required field",
        "callback not http | {\"selector\": {\"clusterId\": \"aks-1\"}, \"ticket\": {\"system\":"
            + " \"s\", \"id\": \"1\", \"callbackUrl\": \"ftp://x/y\"}, \"requestedBy\": \"b\"}"
            + " | ticket.callbackUrl: must be an absolute http(s) URL, got \"ftp://x/y\"",
        "blank requester | {\"selector\": {\"clusterId\": \"aks-1\"}, \"ticket\": {\"system\": \"s\","
            + " \"id\": \"1\"}, \"requestedBy\": \" \"} | requestedBy: must not be blank",
        "label not a string | {\"selector\": {\"clusterId\": \"aks-1\", \"labels\": {\"a\": 1}},"
            + " \"ticket\": {\"system\": \"s\", \"id\": \"1\"}, \"requestedBy\": \"b\"}"
            + " | selector.labels.a: must be a string, got a number",
        "selector not an object | {\"selector\": [], \"ticket\": {\"system\": \"s\", \"id\": \"1\"},"
            + " \"requestedBy\": \"b\"} | selector: must be an object, got an array",
        "not an object | [1, 2] | expected a JSON object, got an array",
        "broken JSON | {\"selector\": | malformed JSON at line 1, column 13: Unexpected end-of-input"
            + " within/between Object entries",
      })
  void aPayloadThatCannotBeARequestIsRefusedNamingTheField(
      String what, String payload, String message) {
    assertThatThrownBy(() -> adapter.parse(json(payload)))
        .isInstanceOf(TicketPayloadException.class)
        .hasMessage(message);
  }

  @Test
  void anEmptyBodyIsRefused() {
    assertThatThrownBy(() -> adapter.parse(new byte[0]))
        .isInstanceOf(TicketPayloadException.class)
        .hasMessage("empty body, expected a JSON object");
  }

  @Test
  void aDuplicatedFieldIsRefusedRatherThanOneOfThemPicked() {
    assertThatThrownBy(
            () ->
                adapter.parse(
                    json(
                        "{\"selector\": {\"clusterId\": \"a\", \"clusterId\": \"b\"},"
                            + " \"ticket\": {\"system\": \"s\", \"id\": \"1\"},"
                            + " \"requestedBy\": \"b\"}")))
        .isInstanceOf(TicketPayloadException.class)
        .hasMessageContaining("Duplicate field 'clusterId'");
  }
}
