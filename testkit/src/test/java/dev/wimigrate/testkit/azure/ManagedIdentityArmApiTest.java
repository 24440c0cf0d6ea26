package dev.wimigrate.testkit.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wimigrate.testkit.azure.http.Operation;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ARM's user-assigned identity API over HTTPS: shapes, status codes, errors, auth. */
class ManagedIdentityArmApiTest {

  static AzureEmulator azure;
  static AzureHttp client;

  @BeforeAll
  static void start() {
    azure = AzureEmulator.builder().registerClient("ci-app", "ci-secret").start();
    client = new AzureHttp(azure);
  }

  @AfterAll
  static void stop() {
    azure.close();
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void putCreatesWith201ThenUpdatesWith200InArmsShape() throws Exception {
    String name = unique("orders");
    AzureHttp.Reply created =
        client.arm(
            "PUT",
            client.identityPath("rg-apps", name),
            "{\"location\":\"westeurope\",\"tags\":{\"team\":\"a\"}}");
    AzureHttp.Reply updated =
        client.arm(
            "PUT",
            client.identityPath("rg-apps", name),
            "{\"location\":\"westeurope\",\"tags\":{\"team\":\"b\"}}");

    assertThat(created.status()).isEqualTo(201);
    assertThat(updated.status()).isEqualTo(200);
    JsonNode body = created.body();
    assertThat(body.path("id").asText())
        .isEqualTo(
            "/subscriptions/"
                + azure.subscriptionId()
                + "/resourcegroups/rg-apps/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
                + name);
    assertThat(body.path("name").asText()).isEqualTo(name);
    assertThat(body.path("type").asText())
        .isEqualTo("Microsoft.ManagedIdentity/userAssignedIdentities");
    assertThat(body.path("location").asText()).isEqualTo("westeurope");
    assertThat(body.path("tags").path("team").asText()).isEqualTo("a");
    JsonNode props = body.path("properties");
    assertThat(props.path("tenantId").asText()).isEqualTo(azure.tenantId());
    assertThat(UUID.fromString(props.path("principalId").asText())).isNotNull();
    assertThat(UUID.fromString(props.path("clientId").asText())).isNotNull();
    assertThat(updated.body().path("properties").path("clientId").asText())
        .isEqualTo(props.path("clientId").asText());
    assertThat(updated.body().path("tags").path("team").asText()).isEqualTo("b");
    assertThat(created.raw().headers().firstValue("x-ms-request-id")).isPresent();
    assertThat(created.raw().headers().firstValue("x-ms-correlation-request-id")).isPresent();
  }

  @Test
  void getReturnsTheIdentityAndAMissingOneIs404ResourceNotFound() throws Exception {
    String name = unique("billing");
    client.putIdentity("rg-apps", name);

    AzureHttp.Reply found = client.arm("GET", client.identityPath("RG-APPS", name), null);
    AzureHttp.Reply missing = client.arm("GET", client.identityPath("rg-apps", "absent-mi"), null);

    assertThat(found.status()).isEqualTo(200);
    assertThat(found.body().path("name").asText()).isEqualTo(name);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo("ResourceNotFound");
    assertThat(missing.errorMessage())
        .isEqualTo(
            "The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/absent-mi' under"
                + " resource group 'rg-apps' was not found. For more details please go to"
                + " https://aka.ms/ARMResourceNotFoundFix");
  }

  @Test
  void deleteAnswers200ThenIsIdempotentWith204() throws Exception {
    String name = unique("gone");
    client.putIdentity("rg-apps", name);
    assertThat(client.arm("DELETE", client.identityPath("rg-apps", name), null).status())
        .isEqualTo(200);
    assertThat(client.arm("DELETE", client.identityPath("rg-apps", name), null).status())
        .isEqualTo(204);
    assertThat(client.arm("GET", client.identityPath("rg-apps", name), null).status())
        .isEqualTo(404);
  }

  @Test
  void listsByResourceGroupAndBySubscription() throws Exception {
    String group = unique("rg");
    client.putIdentity(group, "first-mi");
    client.putIdentity(group, "second-mi");
    client.putIdentity(unique("rg"), "elsewhere-mi");

    AzureHttp.Reply byGroup =
        client.arm(
            "GET",
            "/subscriptions/"
                + azure.subscriptionId()
                + "/resourceGroups/"
                + group
                + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities",
            null);
    AzureHttp.Reply bySubscription =
        client.arm(
            "GET",
            "/subscriptions/"
                + azure.subscriptionId()
                + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities",
            null);

    assertThat(byGroup.status()).isEqualTo(200);
    assertThat(byGroup.body().path("value").findValuesAsText("name"))
        .containsExactlyInAnyOrder("first-mi", "second-mi");
    assertThat(bySubscription.body().path("value").findValuesAsText("name"))
        .contains("first-mi", "second-mi", "elsewhere-mi");
    assertThat(azure.callCount(Operation.IDENTITY_LIST_BY_RESOURCE_GROUP)).isPositive();
  }

  @Test
  void unknownOrMissingApiVersionIsRefused() throws Exception {
    String path = client.identityPath("rg-apps", "any-mi");
    AzureHttp.Reply unknown = client.arm("GET", path, "2019-01-01", null);
    AzureHttp.Reply missing = client.arm("GET", path, null, null);
    AzureHttp.Reply older = client.arm("PUT", path, "2023-01-31", "{\"location\":\"westeurope\"}");

    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.errorCode()).isEqualTo("InvalidApiVersionParameter");
    assertThat(unknown.errorMessage()).contains("2019-01-01").contains("2023-01-31,2024-11-30");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.errorCode()).isEqualTo("MissingApiVersionParameter");
    assertThat(older.status()).isIn(200, 201);
    assertThat(older.body().path("properties").has("isolationScope")).isFalse();
  }

  @Test
  void requestsWithoutAnEmulatorTokenAre401() throws Exception {
    AzureHttp anonymous = new AzureHttp(azure);
    anonymous.token = null;
    AzureHttp forged = new AzureHttp(azure);
    forged.token =
        TestIssuer.sign("{\"aud\":\"https://management.azure.com/\"}", TestIssuer.newKey("x"), "x");

    AzureHttp.Reply none = anonymous.arm("GET", client.identityPath("rg-apps", "any-mi"), null);
    AzureHttp.Reply bad = forged.arm("GET", client.identityPath("rg-apps", "any-mi"), null);

    assertThat(none.status()).isEqualTo(401);
    assertThat(none.errorCode()).isEqualTo("AuthenticationFailed");
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.errorCode()).isEqualTo("InvalidAuthenticationToken");
    assertThat(bad.raw().headers().firstValue("WWW-Authenticate")).isPresent();
  }

  @Test
  void registeredClientGetsAnArmTokenFromTheTokenEndpointAndArmAcceptsIt() throws Exception {
    AzureHttp.Reply token =
        client.token(
            Map.of(
                "grant_type", "client_credentials",
                "client_id", "ci-app",
                "client_secret", "ci-secret",
                "scope", AzureEmulator.armScope()));
    assertThat(token.status()).isEqualTo(200);
    assertThat(token.body().path("token_type").asText()).isEqualTo("Bearer");
    assertThat(token.body().path("expires_in").isNumber()).isTrue();

    AzureHttp app = new AzureHttp(azure);
    app.token = token.body().path("access_token").asText();
    assertThat(app.putIdentity("rg-apps", unique("by-app")).status()).isEqualTo(201);
    assertThat(azure.tokensIssuedToClient("ci-app")).isEqualTo(1);
  }

  @Test
  void bodyThatIsNotJsonIsInvalidRequestContentAndMissingLocationIsRefused() throws Exception {
    AzureHttp.Reply garbage =
        client.arm("PUT", client.identityPath("rg-apps", "bad-body"), "{nope");
    AzureHttp.Reply noLocation =
        client.arm("PUT", client.identityPath("rg-apps", "bad-body"), "{}");

    assertThat(garbage.status()).isEqualTo(400);
    assertThat(garbage.errorCode()).isEqualTo("InvalidRequestContent");
    assertThat(noLocation.status()).isEqualTo(400);
    assertThat(noLocation.errorCode()).isEqualTo("LocationRequired");
    assertThat(azure.identity("rg-apps", "bad-body")).isEmpty();
  }
}
