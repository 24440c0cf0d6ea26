package dev.wimigrate.identity.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wimigrate.events.Topics;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.identity.ClusterWorkloadIdentityEnabled;
import dev.wimigrate.events.identity.EnableClusterWorkloadIdentity;
import dev.wimigrate.events.identity.EnsureManagedIdentity;
import dev.wimigrate.events.identity.IdentityReady;
import dev.wimigrate.identity.testing.AzureEmulatorTestResource;
import dev.wimigrate.testkit.azure.AzureEmulator;
import dev.wimigrate.testkit.azure.arm.ManagedIdentity;
import dev.wimigrate.testkit.kafka.EventTestClient;
import dev.wimigrate.testkit.kafka.KafkaTestResource;
import dev.wimigrate.testkit.kafka.ResultsTopic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The service as deployed: identity commands from the real broker, Azure emulated. */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(AzureEmulatorTestResource.class)
class IdentityCommandConsumerTest {

  static final String RG = "rg-svc";

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  EventTestClient commands;
  ResultsTopic results;

  @BeforeEach
  void connect() {
    commands = new EventTestClient(bootstrap);
    results = new ResultsTopic(bootstrap);
  }

  @AfterEach
  void disconnect() {
    commands.close();
    results.close();
  }

  static StepRef step() {
    return new StepRef("mig-svc", "step-" + UUID.randomUUID(), 1);
  }

  @Test
  @Order(1)
  void anEnsureCommandOnTheTopicIsAnsweredWithTheIdentitysIdsOnTheResultsTopic() {
    AzureEmulator azure = AzureEmulatorTestResource.azure();
    ManagedIdentity existing =
        azure.createIdentity(
            RG, "mi-" + UUID.randomUUID().toString().substring(0, 8), "westeurope");
    EnsureManagedIdentity command =
        new EnsureManagedIdentity(step(), existing.id(), false, null, Map.of());

    commands.send(command);

    ResultsTopic.Received received = results.await(command.step().stepId(), Duration.ofSeconds(60));
    assertThat(received.result()).isInstanceOf(IdentityReady.class);
    IdentityReady ready = (IdentityReady) received.result();
    assertThat(ready.clientId()).isEqualTo(existing.clientId());
    assertThat(ready.principalId()).isEqualTo(existing.principalId());
    assertThat(ready.created()).isFalse();
    // keyed like the command, so the orchestrator reads it in order with the identity's others
    assertThat(received.key()).isEqualTo(command.partitionKey());
    // nothing secret: no token and not the client secret the service signs in with
    assertThat(received.body()).doesNotContain("eyJ").doesNotContain("not-a-real-secret");
  }

  @Test
  @Order(2)
  void anEnableCommandIsAnsweredOnceTheClusterUpdateEndedWithTheIssuerUrl() {
    AzureEmulator azure = AzureEmulatorTestResource.azure();
    String name = "aks-" + UUID.randomUUID().toString().substring(0, 8);
    String issuer = "https://westeurope.oic.prod-aks.azure.com/" + azure.tenantId() + "/svc/";
    azure.clusterIssuerUrl(RG, name, issuer);
    azure.putManagedCluster(
        RG, name, "{\"location\":\"westeurope\",\"properties\":{\"dnsPrefix\":\"" + name + "\"}}");
    EnableClusterWorkloadIdentity command =
        new EnableClusterWorkloadIdentity(
            step(),
            name,
            "/subscriptions/"
                + azure.subscriptionId()
                + "/resourceGroups/"
                + RG
                + "/providers/Microsoft.ContainerService/managedClusters/"
                + name);

    commands.send(command);

    ResultsTopic.Received received = results.await(command.step().stepId(), Duration.ofSeconds(60));
    assertThat(received.result())
        .isEqualTo(new ClusterWorkloadIdentityEnabled(command.step(), name, issuer));
  }

  @Test
  @Order(3)
  void aMalformedCommandGoesToTheDeadLetterTopicWithTheReasonAndTheServiceGoesOn() {
    String key = "malformed-" + UUID.randomUUID();
    commands.send(
        Topics.IDENTITY_COMMANDS,
        key,
        EnsureManagedIdentity.TYPE,
        "{\"step\":{\"migrationId\":\"m\",\"stepId\":\"s\",\"attempt\":1},"
            + "\"resourceId\":\"/subscriptions/not-a-guid/resourceGroups/rg/providers/"
            + "Microsoft.ManagedIdentity/userAssignedIdentities/mi\",\"create\":false}");

    Map<String, String> reasons = commands.deadLetterReasons(Topics.IDENTITY_COMMANDS, key, 1);

    assertThat(reasons).containsOnlyKeys(key);
    assertThat(reasons.get(key))
        .startsWith(EnsureManagedIdentity.TYPE + ": ")
        .contains("resourceId");
    // the consumer goes on: a valid command after the malformed one is still answered
    ManagedIdentity existing =
        AzureEmulatorTestResource.azure()
            .createIdentity(
                RG, "mi-after-" + UUID.randomUUID().toString().substring(0, 8), "westeurope");
    EnsureManagedIdentity next =
        new EnsureManagedIdentity(step(), existing.id(), false, null, null);
    commands.send(next);
    assertThat(results.await(next.step().stepId(), Duration.ofSeconds(60)).result())
        .isInstanceOf(IdentityReady.class);
    RestAssured.given().get("/q/health/ready").then().statusCode(200);
  }

  static String get(String path) {
    return RestAssured.given().get(path).then().statusCode(200).extract().asString();
  }

  @Test
  @Order(Integer.MAX_VALUE) // after the commands, so the Azure call metrics exist
  void healthTheAzureGroupMetricsAndOpenApiAreServed() {
    assertThat(get("/q/health/live")).contains("UP");
    assertThat(get("/q/health/group/azure"))
        .contains("\"armAnswer\"")
        .contains("\"entraAnswer\"")
        .contains("\"UP\"");
    assertThat(get("/q/metrics"))
        .contains("wimigrate_azure_calls_seconds_count{")
        .contains("operation=\"getIdentity\"")
        .contains("operation=\"pollManagedClusterOperation\"")
        .contains("wimigrate_identity_commands_total{")
        .contains("wimigrate_identity_commands_rejected_total");
    assertThat(get("/q/openapi")).contains("openapi");
  }
}
