package dev.wimigrate.testkit.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wimigrate.testkit.azure.arm.ManagedIdentity;
import dev.wimigrate.testkit.time.MutableClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Microsoft.Authorization role assignments over HTTPS: create, list by principal, delete. */
class RoleAssignmentArmApiTest {

  static final String API = "2022-04-01";
  static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
  static final String CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";

  final MutableClock clock = new MutableClock(Instant.now());
  AzureEmulator azure;
  AzureHttp client;

  @AfterEach
  void stop() {
    if (azure != null) {
      azure.close();
    }
  }

  void start(Duration principalReplicationDelay) {
    azure =
        AzureEmulator.builder()
            .clock(clock)
            .rules(r -> r.withPrincipalReplicationDelay(principalReplicationDelay))
            .start();
    client = new AzureHttp(azure);
  }

  String rgScope(String rg) {
    return "/subscriptions/" + azure.subscriptionId() + "/resourceGroups/" + rg;
  }

  String roleDefinitionId(String guid) {
    return "/subscriptions/"
        + azure.subscriptionId()
        + "/providers/Microsoft.Authorization/roleDefinitions/"
        + guid;
  }

  AzureHttp.Reply assign(String scope, String name, String role, String principal, String type)
      throws Exception {
    String body =
        "{\"properties\":{\"roleDefinitionId\":\""
            + roleDefinitionId(role)
            + "\",\"principalId\":\""
            + principal
            + "\""
            + (type == null ? "" : ",\"principalType\":\"" + type + "\"")
            + "}}";
    return client.arm(
        "PUT", scope + "/providers/Microsoft.Authorization/roleAssignments/" + name, API, body);
  }

  List<String> listedIds(String scope, String filter) throws Exception {
    String path =
        scope
            + "/providers/Microsoft.Authorization/roleAssignments?$filter="
            + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
    AzureHttp.Reply reply = client.arm("GET", path + "&api-version=" + API, null, null);
    assertThat(reply.status()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    for (JsonNode a : reply.body().path("value")) {
      ids.add(a.path("id").asText());
    }
    return ids;
  }

  @Test
  void createdAssignmentIsListedByItsPrincipalAndGoneAfterDelete() throws Exception {
    start(Duration.ZERO);
    ManagedIdentity mi = azure.createIdentity("rg", "app-mi", "westeurope");
    ManagedIdentity other = azure.createIdentity("rg", "other-mi", "westeurope");
    String name = UUID.randomUUID().toString();
    assertThat(
            assign(
                    rgScope("rg"),
                    UUID.randomUUID().toString(),
                    READER,
                    other.principalId(),
                    "ServicePrincipal")
                .status())
        .isEqualTo(201);

    AzureHttp.Reply created =
        assign(rgScope("rg"), name, READER, mi.principalId(), "ServicePrincipal");
    AzureHttp.Reply again =
        assign(rgScope("rg"), name, READER, mi.principalId(), "ServicePrincipal");
    String subscriptionScope = "/subscriptions/" + azure.subscriptionId();
    List<String> byPrincipal =
        listedIds(subscriptionScope, "principalId eq '" + mi.principalId() + "'");
    List<String> assignedTo =
        listedIds(subscriptionScope, "assignedTo('" + mi.principalId() + "')");

    assertThat(created.status()).isEqualTo(201);
    JsonNode props = created.body().path("properties");
    assertThat(created.body().path("id").asText())
        .isEqualTo(rgScope("rg") + "/providers/Microsoft.Authorization/roleAssignments/" + name);
    assertThat(created.body().path("type").asText())
        .isEqualTo("Microsoft.Authorization/roleAssignments");
    assertThat(props.path("roleDefinitionId").asText()).isEqualTo(roleDefinitionId(READER));
    assertThat(props.path("principalId").asText()).isEqualTo(mi.principalId());
    assertThat(props.path("principalType").asText()).isEqualTo("ServicePrincipal");
    assertThat(props.path("scope").asText()).isEqualTo(rgScope("rg"));
    assertThat(again.status()).isEqualTo(200);
    assertThat(byPrincipal).containsExactly(created.body().path("id").asText());
    assertThat(assignedTo).isEqualTo(byPrincipal);
    assertThat(azure.roleAssignmentsOf(mi.principalId())).hasSize(1);

    String path = rgScope("rg") + "/providers/Microsoft.Authorization/roleAssignments/" + name;
    AzureHttp.Reply deleted = client.arm("DELETE", path, API, null);
    AzureHttp.Reply deletedAgain = client.arm("DELETE", path, API, null);
    AzureHttp.Reply missing = client.arm("GET", path, API, null);

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body().path("name").asText()).isEqualTo(name);
    assertThat(deletedAgain.status()).isEqualTo(204);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo("RoleAssignmentNotFound");
    assertThat(listedIds(subscriptionScope, "principalId eq '" + mi.principalId() + "'")).isEmpty();
  }

  @Test
  void identicalAssignmentUnderAnotherNameIsRoleAssignmentExists() throws Exception {
    start(Duration.ZERO);
    ManagedIdentity mi = azure.createIdentity("rg", "app-mi", "westeurope");
    assign(
        rgScope("rg"), UUID.randomUUID().toString(), READER, mi.principalId(), "ServicePrincipal");

    AzureHttp.Reply duplicate =
        assign(
            rgScope("rg"),
            UUID.randomUUID().toString(),
            READER,
            mi.principalId(),
            "ServicePrincipal");
    AzureHttp.Reply otherRole =
        assign(
            rgScope("rg"),
            UUID.randomUUID().toString(),
            CONTRIBUTOR,
            mi.principalId(),
            "ServicePrincipal");

    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.errorCode()).isEqualTo("RoleAssignmentExists");
    assertThat(otherRole.status()).isEqualTo(201);
  }

  @Test
  void newPrincipalIsNotFoundUntilReplicatedUnlessThePrincipalTypeIsGiven() throws Exception {
    start(Duration.ofSeconds(30));
    AzureHttp.Reply identity = client.putIdentity("rg", "fresh-mi");
    String principal = identity.body().path("properties").path("principalId").asText();

    AzureHttp.Reply untyped =
        assign(rgScope("rg"), UUID.randomUUID().toString(), READER, principal, null);
    AzureHttp.Reply typed =
        assign(rgScope("rg"), UUID.randomUUID().toString(), READER, principal, "ServicePrincipal");
    clock.advance(Duration.ofSeconds(30));
    AzureHttp.Reply replicated =
        assign(rgScope("rg"), UUID.randomUUID().toString(), CONTRIBUTOR, principal, null);

    assertThat(untyped.status()).isEqualTo(400);
    assertThat(untyped.errorCode()).isEqualTo("PrincipalNotFound");
    assertThat(typed.status()).isEqualTo(201);
    assertThat(replicated.status()).isEqualTo(201);
    assertThat(replicated.body().path("properties").path("principalType").asText())
        .isEqualTo("ServicePrincipal");
  }

  @Test
  void badNamesAndUnknownRolesAreRefused() throws Exception {
    start(Duration.ZERO);
    ManagedIdentity mi = azure.createIdentity("rg", "app-mi", "westeurope");

    AzureHttp.Reply notAGuid =
        assign(rgScope("rg"), "not-a-guid", READER, mi.principalId(), "ServicePrincipal");
    AzureHttp.Reply unknownRole =
        assign(
            rgScope("rg"),
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString(),
            mi.principalId(),
            "ServicePrincipal");
    AzureHttp.Reply noVersion =
        client.arm(
            "GET",
            rgScope("rg") + "/providers/Microsoft.Authorization/roleAssignments",
            null,
            null);

    assertThat(notAGuid.status()).isEqualTo(400);
    assertThat(notAGuid.errorCode()).isEqualTo("InvalidRoleAssignmentId");
    assertThat(unknownRole.status()).isEqualTo(400);
    assertThat(unknownRole.errorCode()).isEqualTo("RoleDefinitionDoesNotExist");
    assertThat(noVersion.status()).isEqualTo(400);
    assertThat(noVersion.errorCode()).isEqualTo("MissingApiVersionParameter");
  }

  @Test
  void builtInRoleDefinitionsAreFoundByName() throws Exception {
    start(Duration.ZERO);

    AzureHttp.Reply reply =
        client.arm(
            "GET",
            "/subscriptions/"
                + azure.subscriptionId()
                + "/providers/Microsoft.Authorization/roleDefinitions?$filter="
                + URLEncoder.encode("roleName eq 'Reader'", StandardCharsets.UTF_8)
                    .replace("+", "%20")
                + "&api-version="
                + API,
            null,
            null);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().path("value")).hasSize(1);
    assertThat(reply.body().path("value").get(0).path("id").asText())
        .isEqualTo(roleDefinitionId(READER));
  }
}
