package dev.wimigrate.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wimigrate.events.Topics;
import dev.wimigrate.events.inventory.ClusterObserved;
import dev.wimigrate.testkit.kafka.EventTestClient;
import dev.wimigrate.testkit.kafka.KafkaBrokers;
import dev.wimigrate.testkit.kube.ControlPlane;
import dev.wimigrate.testkit.kube.ControlPlanes;
import dev.wimigrate.testkit.services.ServiceProcess;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged Quarkus services talk through the real broker: the cluster-agent reports the real
 * control plane's facts as a CloudEvent, the inventory-service consumes it; malformed records land
 * on the dead-letter topic with the reason and the consumer keeps going.
 */
class CloudEventFlowTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static ControlPlane cluster;
  static String bootstrap;
  static ServiceProcess inventory;
  static ServiceProcess agent;

  @BeforeAll
  static void startServices() {
    cluster = ControlPlanes.shared();
    bootstrap = KafkaBrokers.shared().bootstrapServers();
    inventory =
        InventoryApi.withApiKey(
                ServiceProcess.of("inventory-service").env("KAFKA_BOOTSTRAP_SERVERS", bootstrap))
            .start();
    agent =
        ServiceProcess.of("cluster-agent")
            .env("KAFKA_BOOTSTRAP_SERVERS", bootstrap)
            .env("KUBECONFIG", cluster.adminKubeconfigFile().toString())
            .env("CLUSTER_ID", cluster.name())
            .start();
  }

  @AfterAll
  static void stopServices() {
    if (agent != null) {
      agent.close();
    }
    if (inventory != null) {
      inventory.close();
    }
  }

  @Test
  void clusterFactsFromTheAgentReachTheInventoryThroughTheBroker() {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonNode reported = clusterFromInventory(cluster.name());
              assertThat(reported.path("kubernetesVersion").asText())
                  .isEqualTo(cluster.kubernetesVersion());
              assertThat(reported.path("oidcIssuerUrl").asText()).isEqualTo(cluster.issuerUrl());
            });
  }

  @Test
  void malformedEventsGoToTheDeadLetterTopicWithTheReasonAndTheConsumerKeepsGoing() {
    String marker = "dlq-" + UUID.randomUUID().toString().substring(0, 8);
    try (EventTestClient events = new EventTestClient(bootstrap)) {
      // a ClusterObserved without kubernetesVersion, broken JSON, and a type unknown to the
      // registry
      events.send(
          Topics.INVENTORY,
          marker + "-a",
          ClusterObserved.TYPE,
          "{\"clusterId\":\"" + marker + "-a\",\"observedAt\":\"2026-11-23T00:00:00Z\"}");
      events.send(Topics.INVENTORY, marker + "-b", ClusterObserved.TYPE, "{\"clusterId\": ");
      events.send(Topics.INVENTORY, marker + "-c", "dev.wimigrate.inventory.Nonsense.v1", "{}");
      // then a valid event: it must still be processed
      String healthy = marker + "-ok";
      events.send(
          new ClusterObserved(healthy, "v1.34.4", null, false, true, false, Instant.now(), null));

      Map<String, String> reasons = events.deadLetterReasons(Topics.INVENTORY, marker, 3);
      assertThat(reasons).hasSize(3);
      assertThat(reasons.get(marker + "-a"))
          .isEqualTo(ClusterObserved.TYPE + ": missing required field 'kubernetesVersion'");
      assertThat(reasons.get(marker + "-b")).startsWith(ClusterObserved.TYPE);
      assertThat(reasons.get(marker + "-c")).contains("unknown CloudEvents type");

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(clusterFromInventory(healthy).path("clusterId").asText())
                      .isEqualTo(healthy));
    }
    assertThat(inventory.isAlive()).isTrue();
  }

  static JsonNode clusterFromInventory(String clusterId) throws Exception {
    HttpResponse<String> response = InventoryApi.get(inventory, "/api/v1/clusters/" + clusterId);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
