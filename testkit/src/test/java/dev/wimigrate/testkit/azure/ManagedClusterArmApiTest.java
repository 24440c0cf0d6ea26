package dev.wimigrate.testkit.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AKS managed clusters over HTTPS: OIDC issuer, workload identity, the pod identity add-on, and
 * ARM's long-running operations (201/202, Azure-AsyncOperation, Location, provisioningState).
 */
class ManagedClusterArmApiTest {

  static final String API = "2025-09-01";
  static final String CLUSTER =
      """
      {"location":"westeurope","properties":{"dnsPrefix":"aks","kubernetesVersion":"1.33.0",
       "podIdentityProfile":{"enabled":true,"userAssignedIdentities":[
         {"name":"orders","namespace":"shop","bindingSelector":"orders",
          "identity":{"resourceId":"/subscriptions/s/resourcegroups/r/providers/Microsoft.ManagedIdentity/userAssignedIdentities/orders","clientId":"c1","objectId":"o1"}},
         {"name":"billing","namespace":"shop",
          "identity":{"resourceId":"/subscriptions/s/resourcegroups/r/providers/Microsoft.ManagedIdentity/userAssignedIdentities/billing","clientId":"c2","objectId":"o2"}}]}}}
      """;

  AzureEmulator azure;
  AzureHttp client;

  @BeforeEach
  void start() {
    azure = AzureEmulator.builder().start();
    client = new AzureHttp(azure);
  }

  @AfterEach
  void stop() {
    azure.close();
  }

  String clusterPath(String name) {
    return "/subscriptions/"
        + azure.subscriptionId()
        + "/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/"
        + name;
  }

  AzureHttp.Reply put(String name, String body) throws Exception {
    return client.arm("PUT", clusterPath(name), API, body);
  }

  AzureHttp.Reply get(String name) throws Exception {
    return client.arm("GET", clusterPath(name), API, null);
  }

  /** GETs an absolute polling URL the emulator handed out. */
  AzureHttp.Reply poll(String url) throws Exception {
    String path = URI.create(url).getRawPath() + "?" + URI.create(url).getRawQuery();
    assertThat(url).startsWith(azure.armUrl());
    return client.arm("GET", path, null, null);
  }

  static String header(AzureHttp.Reply reply, String name) {
    return reply.raw().headers().firstValue(name).orElse(null);
  }

  /** Creates the cluster and polls its operation to the end. */
  JsonNode created(String name) throws Exception {
    AzureHttp.Reply reply = put(name, CLUSTER);
    assertThat(reply.status()).isEqualTo(201);
    azure.completeOperations();
    return get(name).body();
  }

  @Test
  void createIsALongRunningOperationPolledThroughAzureAsyncOperation() throws Exception {
    AzureHttp.Reply reply = put("aks", CLUSTER);
    String status = header(reply, "Azure-AsyncOperation");

    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.body().path("properties").path("provisioningState").asText())
        .isEqualTo("Creating");
    assertThat(header(reply, "Retry-After")).isEqualTo("1");
    assertThat(status)
        .contains("/providers/Microsoft.ContainerService/locations/westeurope/operations/");

    AzureHttp.Reply running = poll(status);
    AzureHttp.Reply done = poll(status);

    assertThat(running.status()).isEqualTo(200);
    assertThat(running.body().path("status").asText()).isEqualTo("InProgress");
    assertThat(header(running, "Retry-After")).isEqualTo("1");
    assertThat(done.body().path("status").asText()).isEqualTo("Succeeded");
    assertThat(done.body().path("endTime").isTextual()).isTrue();
    JsonNode cluster = get("aks").body();
    assertThat(cluster.path("properties").path("provisioningState").asText())
        .isEqualTo("Succeeded");
    assertThat(cluster.path("id").asText()).endsWith("/managedClusters/aks");
    assertThat(cluster.path("type").asText())
        .isEqualTo("Microsoft.ContainerService/ManagedClusters");
    assertThat(
            cluster
                .path("properties")
                .path("podIdentityProfile")
                .path("userAssignedIdentities")
                .get(0)
                .path("provisioningState")
                .asText())
        .isEqualTo("Assigned");
  }

  @Test
  void enablingOidcIssuerAndWorkloadIdentityReportsTheIssuerUrl() throws Exception {
    ObjectNode cluster = (ObjectNode) created("aks");
    ObjectNode props = (ObjectNode) cluster.get("properties");
    props.putObject("oidcIssuerProfile").put("enabled", true);
    props.putObject("securityProfile").putObject("workloadIdentity").put("enabled", true);

    AzureHttp.Reply updating = put("aks", cluster.toString());
    azure.completeOperations();
    JsonNode updated = get("aks").body().path("properties");

    assertThat(updating.status()).isEqualTo(200);
    assertThat(updating.body().path("properties").path("provisioningState").asText())
        .isEqualTo("Updating");
    assertThat(updated.path("oidcIssuerProfile").path("enabled").asBoolean()).isTrue();
    assertThat(updated.path("oidcIssuerProfile").path("issuerURL").asText())
        .matches(
            "https://westeurope\\.oic\\.prod-aks\\.azure\\.com/"
                + azure.tenantId()
                + "/[0-9a-f-]{36}/");
    assertThat(updated.path("securityProfile").path("workloadIdentity").path("enabled").asBoolean())
        .isTrue();
  }

  @Test
  void configuredIssuerUrlIsReportedOnceTheIssuerIsEnabled() throws Exception {
    azure.clusterIssuerUrl("rg", "aks", "https://127.0.0.1:6443/issuer/");
    ObjectNode cluster = (ObjectNode) created("aks");
    assertThat(
            cluster.path("properties").path("oidcIssuerProfile").path("issuerURL").isMissingNode())
        .isTrue();
    ((ObjectNode) cluster.get("properties")).putObject("oidcIssuerProfile").put("enabled", true);

    put("aks", cluster.toString());

    assertThat(
            azure
                .managedCluster("rg", "aks")
                .orElseThrow()
                .path("properties")
                .path("oidcIssuerProfile")
                .path("issuerURL")
                .asText())
        .isEqualTo("https://127.0.0.1:6443/issuer/");
  }

  @Test
  void workloadIdentityWithoutOidcIssuerAndDisablingTheIssuerAreRefused() throws Exception {
    ObjectNode cluster = (ObjectNode) created("aks");
    ObjectNode props = (ObjectNode) cluster.get("properties");
    props.putObject("securityProfile").putObject("workloadIdentity").put("enabled", true);

    AzureHttp.Reply withoutIssuer = put("aks", cluster.toString());

    props.putObject("oidcIssuerProfile").put("enabled", true);
    assertThat(put("aks", cluster.toString()).status()).isEqualTo(200);
    azure.completeOperations();
    props.putObject("oidcIssuerProfile").put("enabled", false);
    AzureHttp.Reply disabling = put("aks", cluster.toString());

    assertThat(withoutIssuer.status()).isEqualTo(400);
    assertThat(withoutIssuer.errorCode()).isEqualTo("InvalidParameter");
    assertThat(disabling.status()).isEqualTo(400);
    assertThat(disabling.errorCode()).isEqualTo("OIDCIssuerFeatureCannotBeDisabled");
  }

  @Test
  void secondWriteWhileAnOperationRunsIsRefusedWith409() throws Exception {
    put("aks", CLUSTER);

    AzureHttp.Reply second = put("aks", CLUSTER);

    assertThat(second.status()).isEqualTo(409);
    assertThat(second.errorCode()).isEqualTo("OperationNotAllowed");
  }

  @Test
  void removingAPodIdentityThenDisablingTheAddOnRewritesTheProfile() throws Exception {
    ObjectNode cluster = (ObjectNode) created("aks");
    ObjectNode profile = (ObjectNode) cluster.path("properties").path("podIdentityProfile");
    ArrayNode identities = (ArrayNode) profile.get("userAssignedIdentities");
    identities.remove(0);

    assertThat(put("aks", cluster.toString()).status()).isEqualTo(200);
    azure.completeOperations();
    JsonNode afterRemoval = get("aks").body().path("properties").path("podIdentityProfile");

    profile.put("enabled", false);
    profile.putArray("userAssignedIdentities");
    assertThat(put("aks", cluster.toString()).status()).isEqualTo(200);
    azure.completeOperations();
    JsonNode afterDisable = get("aks").body().path("properties").path("podIdentityProfile");

    assertThat(afterRemoval.path("enabled").asBoolean()).isTrue();
    assertThat(afterRemoval.path("userAssignedIdentities")).hasSize(1);
    assertThat(afterRemoval.path("userAssignedIdentities").get(0).path("name").asText())
        .isEqualTo("billing");
    assertThat(afterDisable.path("enabled").asBoolean()).isFalse();
    assertThat(afterDisable.path("userAssignedIdentities")).isEmpty();
  }

  @Test
  void deleteIsAcceptedWithLocationAndFinishesWith204() throws Exception {
    created("aks");

    AzureHttp.Reply accepted = client.arm("DELETE", clusterPath("aks"), API, null);
    String location = header(accepted, "Location");
    AzureHttp.Reply stillRunning = poll(location);
    AzureHttp.Reply finished = poll(location);

    assertThat(accepted.status()).isEqualTo(202);
    assertThat(header(accepted, "Azure-AsyncOperation")).isNotNull();
    assertThat(location).contains("/operationresults/");
    assertThat(stillRunning.status()).isEqualTo(202);
    assertThat(finished.status()).isEqualTo(204);
    AzureHttp.Reply gone = get("aks");
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.errorCode()).isEqualTo("ResourceNotFound");
    assertThat(client.arm("DELETE", clusterPath("aks"), API, null).status()).isEqualTo(204);
  }

  @Test
  void clustersAreListedByResourceGroupAndSubscription() throws Exception {
    created("one");
    created("two");

    AzureHttp.Reply byGroup =
        client.arm(
            "GET",
            "/subscriptions/"
                + azure.subscriptionId()
                + "/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters",
            API,
            null);
    AzureHttp.Reply bySubscription =
        client.arm(
            "GET",
            "/subscriptions/"
                + azure.subscriptionId()
                + "/providers/Microsoft.ContainerService/managedClusters",
            API,
            null);

    assertThat(byGroup.body().path("value")).hasSize(2);
    assertThat(bySubscription.body().path("value")).hasSize(2);
  }
}
