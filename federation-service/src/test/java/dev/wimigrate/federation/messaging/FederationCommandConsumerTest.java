package dev.wimigrate.federation.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wimigrate.events.Topics;
import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.ServiceAccountRef;
import dev.wimigrate.events.common.StepFailed;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.federation.CreateFederatedCredential;
import dev.wimigrate.events.federation.FederatedCredentialReady;
import dev.wimigrate.federation.testing.AzureEmulatorTestResource;
import dev.wimigrate.testkit.azure.AzureEmulator;
import dev.wimigrate.testkit.azure.arm.ManagedIdentity;
import dev.wimigrate.testkit.kafka.EventTestClient;
import dev.wimigrate.testkit.kafka.KafkaBrokers;
import dev.wimigrate.testkit.kafka.KafkaTestResource;
import dev.wimigrate.testkit.kafka.ResultsTopic;
import dev.wimigrate.testkit.kube.ControlPlane;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The service as deployed: commands from the real broker, Azure emulated, tokens from a real
 * apiserver.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(AzureEmulatorTestResource.class)
class FederationCommandConsumerTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  static ResultsTopic results;

  @BeforeAll
  static void readResults() {
    results = new ResultsTopic(KafkaBrokers.shared().bootstrapServers());
  }

  @AfterAll
  static void stopReading() {
    results.close();
  }

  @Test
  void aCreateCommandOnTheTopicIsAnsweredWithReadyOnceEntraHonoursTheCredential() {
    AzureEmulator azure = AzureEmulatorTestResource.azure();
    ControlPlane plane = AzureEmulatorTestResource.plane();
    String ns = "fedsvc-" + UUID.randomUUID().toString().substring(0, 8);
    plane
        .client()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    plane
        .client()
        .serviceAccounts()
        .inNamespace(ns)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("api").endMetadata().build())
        .create();
    ManagedIdentity identity = azure.createIdentity("rg-svc", "mi-" + ns, "westeurope");
    CreateFederatedCredential command =
        new CreateFederatedCredential(
            new StepRef("mig-svc", "step-" + ns, 1),
            identity.id(),
            plane.issuerUrl(),
            new ServiceAccountRef(ns, "api"),
            plane.name(),
            null);

    try (EventTestClient kafka = new EventTestClient(bootstrap)) {
      kafka.send(command);
    }

    ResultsTopic.Received received = results.await(command.step().stepId(), Duration.ofSeconds(60));
    Event result = received.result();
    assertThat(result).isInstanceOf(FederatedCredentialReady.class);
    FederatedCredentialReady ready = (FederatedCredentialReady) result;
    assertThat(ready.created()).isTrue();
    assertThat(ready.propagationWaited())
        .isGreaterThanOrEqualTo(AzureEmulatorTestResource.PROPAGATION.minusMillis(500));
    assertThat(azure.federatedCredentials(identity.id())).hasSize(1);
    assertThat(azure.tokensIssuedFor(identity)).isPositive();
    // the probe's service-account token and Entra's access token never reach the topic
    assertThat(received.body()).doesNotContain("eyJ");
  }

  @Test
  void aCommandForAFullIdentityIsAnsweredWithAFailureNamingTheIdentity() {
    AzureEmulator azure = AzureEmulatorTestResource.azure();
    ControlPlane plane = AzureEmulatorTestResource.plane();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    ManagedIdentity identity = azure.createIdentity("rg-svc", "mi-full-" + suffix, "westeurope");
    try (EventTestClient kafka = new EventTestClient(bootstrap)) {
      for (int i = 0; i < 21; i++) {
        kafka.send(
            new CreateFederatedCredential(
                new StepRef("mig-full", "full-" + suffix + "-" + i, 1),
                identity.id(),
                plane.issuerUrl(),
                new ServiceAccountRef("team-" + i, "app"),
                "cluster-not-probed",
                null));
      }
    }
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> {
              results.poll(Duration.ofMillis(300));
              return results.answers("full-" + suffix).size() == 21;
            });
    List<StepFailed> failures =
        results.answers("full-" + suffix).values().stream()
            .map(answers -> answers.get(0).result())
            .filter(StepFailed.class::isInstance)
            .map(StepFailed.class::cast)
            .toList();
    assertThat(failures)
        .singleElement()
        .satisfies(
            failed -> {
              assertThat(failed.errorCode()).isEqualTo("FederatedCredentialLimitReached");
              assertThat(failed.reason()).contains(identity.id()).contains("20 of at most 20");
            });
    assertThat(azure.federatedCredentials(identity.id())).hasSize(20);
    assertThat(azure.rejectedConcurrentWrites()).isZero();
  }

  @Test
  void aMalformedCommandGoesToTheDeadLetterTopicWithTheReasonAndTheServiceGoesOn() {
    String key = "malformed-" + UUID.randomUUID();
    try (EventTestClient kafka = new EventTestClient(bootstrap)) {
      kafka.send(
          Topics.FEDERATION_COMMANDS,
          key,
          CreateFederatedCredential.TYPE,
          "{\"step\":{\"migrationId\":\"m\",\"stepId\":\"s\",\"attempt\":1},"
              + "\"identityResourceId\":\"not-a-resource-id\"}");
      Map<String, String> reasons = kafka.deadLetterReasons(Topics.FEDERATION_COMMANDS, key, 1);
      assertThat(reasons).containsOnlyKeys(key);
      assertThat(reasons.get(key))
          .isEqualTo(CreateFederatedCredential.TYPE + ": missing required field 'issuer'");
    }
    RestAssured.given().get("/q/health/ready").then().statusCode(200);
  }

  @Test
  @Order(Integer.MAX_VALUE) // after the commands, so the Azure call metrics exist
  void healthAzureReachabilityMetricsAndOpenApiAreServed() {
    RestAssured.given().get("/q/health/live").then().statusCode(200);
    String azure =
        RestAssured.given()
            .get("/q/health/group/azure")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(azure).contains("\"armAnswer\"").contains("\"status\": \"UP\"");
    String metrics =
        RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .contains("wimigrate_azure_calls_seconds_count{")
        .contains("operation=\"putFederatedCredential\"")
        .contains("wimigrate_federation_commands_total{");
    RestAssured.given().get("/q/openapi").then().statusCode(200);
  }
}
