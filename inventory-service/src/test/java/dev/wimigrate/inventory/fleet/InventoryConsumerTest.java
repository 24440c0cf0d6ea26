package dev.wimigrate.inventory.fleet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.wimigrate.events.Topics;
import dev.wimigrate.events.cluster.RequestSnapshot;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.inventory.ClusterObserved;
import dev.wimigrate.inventory.security.TestApiKeys;
import dev.wimigrate.testkit.kafka.EventTestClient;
import dev.wimigrate.testkit.kafka.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inventory consumer against the real broker the test kit starts. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class InventoryConsumerTest {

  @BeforeEach
  void authenticate() {
    TestApiKeys.useForEveryRequest();
  }

  @AfterEach
  void forgetCredentials() {
    TestApiKeys.stopUsing();
  }

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void reportedClusterIsServedByTheApi() {
    String id = "aks-" + UUID.randomUUID().toString().substring(0, 8);
    try (EventTestClient events = new EventTestClient(bootstrap)) {
      events.send(
          new ClusterObserved(
              id,
              "v1.34.4",
              "https://oidc.example/" + id + "/",
              true,
              true,
              true,
              Instant.now(),
              null));
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get("/api/v1/clusters/{id}", id)
                    .then()
                    .statusCode(200)
                    .body("oidcIssuerUrl", equalTo("https://oidc.example/" + id + "/")));
  }

  @Test
  void unknownClusterIsNotFound() {
    given().get("/api/v1/clusters/{id}", "never-reported").then().statusCode(404);
  }

  @Test
  void commandSentToTheInventoryTopicIsDeadLetteredAsNotBelongingThere() {
    String key = "misrouted-" + UUID.randomUUID().toString().substring(0, 8);
    try (EventTestClient events = new EventTestClient(bootstrap)) {
      RequestSnapshot command = new RequestSnapshot(new StepRef("mig-1", "step-1", 1), "aks-1");
      events.send(
          Topics.INVENTORY,
          key,
          RequestSnapshot.TYPE,
          new dev.wimigrate.events.EventCodec().encode(command));

      Map<String, String> reasons = events.deadLetterReasons(Topics.INVENTORY, key, 1);
      assertThat(reasons.get(key))
          .isEqualTo(RequestSnapshot.TYPE + " does not belong on a topic of InventoryEvents");
    }
  }
}
