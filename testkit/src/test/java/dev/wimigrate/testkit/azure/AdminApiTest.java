package dev.wimigrate.testkit.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wimigrate.testkit.azure.arm.ManagedIdentity;
import dev.wimigrate.testkit.azure.http.Operation;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator's admin and introspection API over HTTPS ({@code /_admin/…}). */
class AdminApiTest {

  static final String ISSUER = "https://issuer.example/cluster/";
  static final String AUD = "api://AzureADTokenExchange";

  AzureEmulator azure;
  AzureHttp client;

  @BeforeEach
  void start() {
    azure = AzureEmulator.builder().ficWriteHold(Duration.ZERO).start();
    client = new AzureHttp(azure);
  }

  @AfterEach
  void stop() {
    azure.close();
  }

  /** An admin call without any credentials. */
  AzureHttp.Reply admin(String method, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(azure.adminUrl() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = client.http.send(request, HttpResponse.BodyHandlers.ofString());
    return new AzureHttp.Reply(
        response.statusCode(),
        response.body().isEmpty()
            ? AzureHttp.JSON.createObjectNode()
            : AzureHttp.JSON.readTree(response.body()),
        response);
  }

  @Test
  void stateShowsIdentitiesWithTheirCredentialsRoleAssignmentsAndClusters() throws Exception {
    client.putIdentity("rg", "app-mi");
    client.putFic("rg", "app-mi", "orders", ISSUER, "system:serviceaccount:shop:orders", AUD);
    ManagedIdentity mi = azure.identity("rg", "app-mi").orElseThrow();
    azure.assignRole(
        "/subscriptions/" + azure.subscriptionId() + "/resourceGroups/rg",
        mi.principalId(),
        "acdd72a7-3385-48ef-bd42-f606fba81ae7");
    azure.putManagedCluster("rg", "aks", "{\"location\":\"westeurope\",\"properties\":{}}");

    JsonNode state = admin("GET", "/state", null).body();

    assertThat(state.path("tenantId").asText()).isEqualTo(azure.tenantId());
    assertThat(state.path("subscriptionId").asText()).isEqualTo(azure.subscriptionId());
    JsonNode identity = state.path("identities").get(0);
    assertThat(identity.path("name").asText()).isEqualTo("app-mi");
    assertThat(identity.path("clientId").asText()).isEqualTo(mi.clientId());
    assertThat(identity.path("federatedIdentityCredentials").get(0).path("subject").asText())
        .isEqualTo("system:serviceaccount:shop:orders");
    assertThat(state.path("roleAssignments").get(0).path("principalId").asText())
        .isEqualTo(mi.principalId());
    assertThat(state.path("managedClusters").get(0).path("name").asText()).isEqualTo("aks");
    assertThat(
            state
                .path("managedClusters")
                .get(0)
                .path("properties")
                .path("provisioningState")
                .asText())
        .isEqualTo("Succeeded");
  }

  @Test
  void callsCountOperationsStatusesAndThrottledCallsButNotAdminCalls() throws Exception {
    admin(
        "PATCH",
        "/rules",
        "{\"throttling\":{\"enabled\":true,\"reads\":{\"capacity\":1,\"refillPerSecond\":0.01}}}");
    client.putIdentity("rg", "app-mi");
    client.arm("GET", client.identityPath("rg", "app-mi"), null);
    client.arm("GET", client.identityPath("rg", "app-mi"), null);
    client.arm("GET", client.identityPath("rg", "missing-mi"), null);
    admin("GET", "/state", null);

    JsonNode calls = admin("GET", "/calls", null).body();

    assertThat(calls.path("calls").path("IDENTITY_PUT").asLong()).isEqualTo(1);
    assertThat(calls.path("calls").path("IDENTITY_GET").asLong()).isEqualTo(3);
    assertThat(calls.path("statuses").path("IDENTITY_PUT").path("201").asLong()).isEqualTo(1);
    assertThat(calls.path("statuses").path("IDENTITY_GET").path("200").asLong()).isEqualTo(1);
    assertThat(calls.path("statuses").path("IDENTITY_GET").path("429").asLong()).isEqualTo(2);
    assertThat(calls.path("throttled").asLong()).isEqualTo(2);
    assertThat(calls.path("rejectedConcurrentFicWrites").asLong()).isZero();
    assertThat(azure.callCount(Operation.IDENTITY_GET)).isEqualTo(3);
  }

  @Test
  void rulesSwitchedOverHttpApplyToTheNextRequest() throws Exception {
    client.putIdentity("rg", "app-mi");

    AzureHttp.Reply changed =
        admin("PATCH", "/rules", "{\"ficLimit\":1,\"ficPropagationDelay\":\"PT30S\"}");
    AzureHttp.Reply first = client.putFic("rg", "app-mi", "one", ISSUER, "s1", AUD);
    AzureHttp.Reply second = client.putFic("rg", "app-mi", "two", ISSUER, "s2", AUD);

    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.body().path("ficLimit").asInt()).isEqualTo(1);
    assertThat(admin("GET", "/rules", null).body().path("ficPropagationDelay").asText())
        .isEqualTo("PT30S");
    assertThat(azure.rules().ficPropagationDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(400);
    assertThat(second.errorMessage()).contains("(1)");
    assertThat(admin("PATCH", "/rules", "{\"ficPropagationDelay\":\"soon\"}").status())
        .isEqualTo(400);
  }

  @Test
  void scriptedFaultsAndResetOverHttp() throws Exception {
    client.putIdentity("rg", "app-mi");
    admin("POST", "/faults/next", "{\"kinds\":[\"GATEWAY_TIMEOUT\"]}");

    AzureHttp.Reply failed = client.arm("GET", client.identityPath("rg", "app-mi"), null);
    AzureHttp.Reply reset = admin("POST", "/reset", null);

    assertThat(failed.status()).isEqualTo(504);
    assertThat(reset.status()).isEqualTo(204);
    assertThat(azure.identities()).isEmpty();
    assertThat(azure.callCounts()).isEmpty();
    assertThat(azure.faultsInjected()).isZero();
    assertThat(admin("GET", "/nothing-here", null).status()).isEqualTo(404);
  }

  @Test
  void runningOperationsAreFinishedOnRequest() throws Exception {
    AzureHttp.Reply put =
        client.arm(
            "PUT",
            "/subscriptions/"
                + azure.subscriptionId()
                + "/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks",
            "2025-09-01",
            "{\"location\":\"westeurope\"}");
    assertThat(put.status()).isEqualTo(201);

    admin("POST", "/operations/complete", null);

    assertThat(
            admin("GET", "/state", null).body().path("operations").get(0).path("status").asText())
        .isEqualTo("Succeeded");
  }
}
