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

class ServiceNowPayloadAdapterTest {

  static final String SYS_ID = "9d385017c611228701d22104cc95c371";

  final ServiceNowPayloadAdapter adapter =
      new ServiceNowPayloadAdapter(
          new ServiceNowSettings(URI.create("https://acme.service-now.com")));

  /** A change request as a business rule sends it: columns, unset ones as "". */
  static String changeRequest(String columns) {
    return """
        {"sys_id": "%s", "number": "CHG0030001", "short_description": "Workload ID for shop",
         "state": "-5", "assignment_group": "",
         "opened_by": {"value": "6816f79cc0a8016401c5a33be04be441", "display_value": "Jane Admin",
                       "link": "https://acme.service-now.com/api/now/table/sys_user/6816f79cc0a8016401c5a33be04be441"},
         %s}
        """
        .formatted(SYS_ID, columns);
  }

  @Test
  void aChangeRequestWithTheMigrationColumnsBecomesTheRequestWithAWorkNoteCallback() {
    TicketedMigrationRequest request =
        adapter.parse(
            json(
                changeRequest(
                    """
                    "u_wimigrate_cluster": "aks-prod-1", "u_wimigrate_namespace": "shop",
                    "u_wimigrate_workloads": "cart,web", "u_wimigrate_labels": "",
                    "u_wimigrate_mode": {"value": "execute", "display_value": "Execute"}
                    """)));

    assertThat(request)
        .isEqualTo(
            new TicketedMigrationRequest(
                new MigrationSelector("aks-prod-1", "shop", List.of("cart", "web"), Map.of()),
                MigrationMode.EXECUTE,
                new TicketRef(
                    "servicenow",
                    "CHG0030001",
                    URI.create(
                        "https://acme.service-now.com/api/now/table/change_request/" + SYS_ID)),
                "Jane Admin"));
  }

  @Test
  void catalogVariablesAreReadWhenTheColumnsAreUnset() {
    TicketedMigrationRequest request =
        adapter.parse(
            json(
                changeRequest(
                    """
                    "u_wimigrate_cluster": "", "u_wimigrate_namespace": "",
                    "variables": {"wimigrate_cluster": "aks-2", "wimigrate_namespace": "billing",
                                  "wimigrate_workloads": "", "wimigrate_mode": "dry-run",
                                  "wimigrate_labels": "app=ledger"}
                    """)));

    assertThat(request.selector())
        .isEqualTo(new MigrationSelector("aks-2", "billing", List.of(), Map.of("app", "ledger")));
    assertThat(request.mode()).isEqualTo(MigrationMode.DRY_RUN);
  }

  @Test
  void aSetColumnWinsOverTheVariable() {
    TicketedMigrationRequest request =
        adapter.parse(
            json(
                changeRequest(
                    """
                    "u_wimigrate_cluster": "aks-column",
                    "variables": {"wimigrate_cluster": "aks-variable"}
                    """)));
    assertThat(request.selector().clusterId()).isEqualTo("aks-column");
  }

  @Test
  void openedByAsPlainTextAndNoInstanceMeansNoCallback() {
    ServiceNowPayloadAdapter noInstance =
        new ServiceNowPayloadAdapter(new ServiceNowSettings(null));
    String body =
        """
        {"sys_id": "%s", "number": "RITM0010001", "opened_by": "jane.admin",
         "u_wimigrate_cluster": "aks-1"}
        """
            .formatted(SYS_ID);

    TicketedMigrationRequest request = noInstance.parse(json(body));

    assertThat(request.requestedBy()).isEqualTo("jane.admin");
    assertThat(request.ticket().callbackUrl()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "cluster nowhere | \"u_wimigrate_namespace\": \"shop\""
            + " | u_wimigrate_cluster: missing required field",
        "cluster unset everywhere | \"u_wimigrate_cluster\": \"\", \"variables\":"
            + " {\"wimigrate_cluster\": \"\"} | u_wimigrate_cluster: missing required field",
        "bad variable namespace | \"u_wimigrate_cluster\": \"aks-1\", \"variables\":"
            + " {\"wimigrate_namespace\": \"Foo_\"}"
            + " | variables.wimigrate_namespace: must be a DNS-1123 label, got \"Foo_\"",
        "bad mode | \"u_wimigrate_cluster\": \"aks-1\", \"u_wimigrate_mode\": \"go\""
            + " | u_wimigrate_mode: must be \"dry-run\" or \"execute\", got \"go\"",
        "variables not an object | \"u_wimigrate_cluster\": \"aks-1\", \"variables\": \"x\""
            + " | variables: must be an object, got a string",
      })
  void aChangeRequestThatCannotBeARequestIsRefusedNamingTheField(
      String what, String columns, String message) {
    assertThatThrownBy(() -> adapter.parse(json(changeRequest(columns))))
        .isInstanceOf(TicketPayloadException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "no sys_id | {\"number\": \"CHG1\", \"opened_by\": \"a\", \"u_wimigrate_cluster\": \"c\"}"
            + " | sys_id: missing required field",
        "bad sys_id | {\"sys_id\": \"../../x\", \"number\": \"CHG1\", \"opened_by\": \"a\","
            + " \"u_wimigrate_cluster\": \"c\"} | sys_id: must be a ServiceNow sys_id (32 hex"
            + " digits), got \"../../x\"",
        "no number | {\"sys_id\": \"9d385017c611228701d22104cc95c371\", \"opened_by\": \"a\","
            + " \"u_wimigrate_cluster\": \"c\"} | number: missing required field",
        "no opener | {\"sys_id\": \"9d385017c611228701d22104cc95c371\", \"number\": \"CHG1\","
            + " \"u_wimigrate_cluster\": \"c\"} | opened_by: missing required field",
      })
  void aRecordWithoutItsIdentityIsRefused(String what, String payload, String message) {
    assertThatThrownBy(() -> adapter.parse(json(payload)))
        .isInstanceOf(TicketPayloadException.class)
        .hasMessage(message);
  }
}
