package dev.wimigrate.inventory.fleet;

import static dev.wimigrate.inventory.fleet.Workloads.cluster;
import static dev.wimigrate.inventory.fleet.Workloads.gone;
import static dev.wimigrate.inventory.fleet.Workloads.keda;
import static dev.wimigrate.inventory.fleet.Workloads.legacy;
import static dev.wimigrate.inventory.fleet.Workloads.podIdentity;
import static dev.wimigrate.inventory.fleet.Workloads.workload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.wimigrate.events.CloudEventHeaders;
import dev.wimigrate.events.EventCodec;
import dev.wimigrate.events.Topics;
import dev.wimigrate.events.common.OperatingSystem;
import dev.wimigrate.events.common.SdkGeneration;
import dev.wimigrate.events.inventory.InventoryEvent;
import dev.wimigrate.events.inventory.SnapshotCompleted;
import dev.wimigrate.events.inventory.WorkloadIdentityState;
import dev.wimigrate.inventory.planning.FleetView;
import dev.wimigrate.inventory.security.TestApiKeys;
import dev.wimigrate.testkit.kafka.EventTestClient;
import dev.wimigrate.testkit.kafka.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Agent reports on the real broker → the store → REST; and a store rebuilt from the topic. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class InventoryApiTest {

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

  @Inject FleetInventory inventory;

  @ConfigProperty(name = "mp.messaging.incoming.inventory.group.id")
  String groupId;

  final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  String newCluster() {
    return "aks-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A cluster with a snapshot, later changes, a deletion and a stale re-delivery. */
  String reportFleet() {
    String c = newCluster();
    Instant s1 = t0.plusSeconds(60);
    try (EventTestClient events = new EventTestClient(bootstrap)) {
      events.send(cluster(c, t0));
      events.send(legacy(c, "shop", "dropped", "id-a", t0));
      events.send(podIdentity(c, "shop", "id-a", false, s1));
      events.send(keda(c, "shop", "scaler", false, s1));
      events.send(legacy(c, "shop", "cart", "id-a", s1));
      events.send(legacy(c, "shop", "deleted", "id-a", s1));
      events.send(
          workload(
              c,
              "web",
              "win",
              "id-b",
              SdkGeneration.LEGACY,
              OperatingSystem.WINDOWS,
              new WorkloadIdentityState(false, null, false, false),
              s1,
              true));
      events.send(new SnapshotCompleted(c, "snap-1", 3, s1, null));
      events.send(gone(c, "shop", "deleted", s1.plusSeconds(1)));
      events.send(legacy(c, "shop", "deleted", "id-a", s1)); // re-delivered, older than gone
      events.send(
          workload(
              c,
              "shop",
              "cart",
              "id-a",
              SdkGeneration.LATEST,
              OperatingSystem.LINUX,
              new WorkloadIdentityState(true, null, false, false),
              s1.plusSeconds(2),
              false));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get("/api/v1/workloads?cluster={c}", c)
                    .then()
                    .statusCode(200)
                    .body(
                        "items.key",
                        contains(c + "/shop/Deployment/cart", c + "/web/Deployment/win"))
                    .body("items[0].plannedPath.path", equalTo("LATEST_SDK")));
    return c;
  }

  @Test
  void reportsBecomeWorkloadsAndSummary() {
    String c = reportFleet();

    given()
        .get("/api/v1/workloads?cluster={c}&path=rewrite_required", c)
        .then()
        .statusCode(200)
        .body("items.key", contains(c + "/web/Deployment/win"))
        .body("items[0].observed.os", equalTo("WINDOWS"))
        .body("items[0].workloadIdentity", equalTo("NONE"))
        .body("continue", nullValue());
    given()
        .get(
            "/api/v1/workloads?cluster={c}&namespace=shop&identity={id}",
            c,
            Workloads.identityId("id-a"))
        .then()
        .statusCode(200)
        .body("items.key", contains(c + "/shop/Deployment/cart"))
        .body("items[0].workloadIdentity", equalTo("CONFIGURED"));

    @SuppressWarnings("unchecked")
    Map<String, Object> counts =
        (Map<String, Object>)
            given()
                .get("/api/v1/fleet/summary")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("byCluster")
                .get(c);
    assertThat(counts)
        .containsEntry("workloads", 2)
        .containsEntry("podIdentities", 1)
        .containsEntry("triggerAuthentications", 1)
        .containsEntry(
            "byPath", Map.of("LATEST_SDK", 1, "SIDECAR", 0, "REWRITE_REQUIRED", 1, "NONE", 0))
        .containsEntry("byWorkloadIdentity", Map.of("NONE", 1, "CONFIGURED", 1, "ACTIVE", 0));

    // the planner's view holds the cluster's objects
    FleetView view = inventory.fleetView();
    assertThat(view.workloads()).filteredOn(w -> w.clusterId().equals(c)).hasSize(2);
    assertThat(view.podIdentities()).filteredOn(p -> p.clusterId().equals(c)).hasSize(1);
    assertThat(view.clusters()).anyMatch(k -> k.clusterId().equals(c));
  }

  @Test
  void pagesFollowTheContinueToken() {
    String c = newCluster();
    try (EventTestClient events = new EventTestClient(bootstrap)) {
      for (int i = 0; i < 5; i++) {
        events.send(legacy(c, "ns", "app-" + i, "id-a", t0));
      }
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get("/api/v1/workloads?cluster={c}&limit=1000", c)
                    .then()
                    .body("items", hasSize(5)));
    List<String> keys = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Response page =
          token == null
              ? given().get("/api/v1/workloads?cluster={c}&namespace=ns&limit=2", c)
              : given()
                  .get("/api/v1/workloads?cluster={c}&namespace=ns&limit=2&continue={t}", c, token);
      page.then().statusCode(200);
      keys.addAll(page.jsonPath().getList("items.key", String.class));
      token = page.jsonPath().getString("continue");
      pages++;
    } while (token != null);
    assertThat(pages).isEqualTo(3);
    assertThat(keys)
        .containsExactly(
            c + "/ns/Deployment/app-0",
            c + "/ns/Deployment/app-1",
            c + "/ns/Deployment/app-2",
            c + "/ns/Deployment/app-3",
            c + "/ns/Deployment/app-4");
  }

  @Test
  void readinessSaysTheRebuildFromTheTopicIsComplete() {
    // everything on the topic at start-up is applied long before the other tests finish
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                given()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body(containsString("\"inventory-rebuild\""))
                    .body(containsString("\"complete\": true")));
  }

  @Test
  void badInputIsAPrecise400AndAnUnknownClusterA404() {
    given()
        .get("/api/v1/workloads?cluster=bad/cluster")
        .then()
        .statusCode(400)
        .body("error", containsString("cluster must be a cluster id"));
    given()
        .get("/api/v1/workloads?namespace=Not_A_Label")
        .then()
        .statusCode(400)
        .body(
            "error",
            containsString(
                "namespace must be a DNS label, got 'Not_A_Label'"
                    .replace(
                        ", got",
                        " (1-63 lower-case letters, digits or '-', starting and ending with a letter or digit), got")));
    given()
        .get("/api/v1/workloads?limit=0")
        .then()
        .statusCode(400)
        .body("error", equalTo("limit must be from 1 to 1000, got 0"));
    given()
        .get("/api/v1/workloads?limit=1001")
        .then()
        .statusCode(400)
        .body("error", equalTo("limit must be from 1 to 1000, got 1001"));
    given()
        .get("/api/v1/workloads?limit=ten")
        .then()
        .statusCode(400)
        .body("error", equalTo("limit must be an integer from 1 to 1000, got 'ten'"));
    given()
        .get("/api/v1/workloads?path=teleport")
        .then()
        .statusCode(400)
        .body(
            "error",
            equalTo(
                "path must be one of LATEST_SDK, SIDECAR, REWRITE_REQUIRED, NONE, got 'teleport'"));
    given()
        .queryParam("identity", "   ")
        .get("/api/v1/workloads")
        .then()
        .statusCode(400)
        .body("error", containsString("identity must be"));
    given()
        .get("/api/v1/workloads?continue=***")
        .then()
        .statusCode(400)
        .body("error", equalTo("continue is not a token this API returned"));
    given()
        .get("/api/v1/workloads?cluster=never-reported")
        .then()
        .statusCode(404)
        .body("error", equalTo("no cluster 'never-reported' has reported"));
  }

  @Test
  void aStoreRebuiltFromTheTopicSeesTheSameFleet() {
    // every start is a new consumer group without committed offsets: it reads from the beginning
    assertThat(groupId).matches("inventory-service-[0-9a-f-]{36}");
    String c = reportFleet();
    // what a restarted service does: a fresh store fed from the beginning of the topic
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              FleetInventory rebuilt = rebuildFromTopic();
              assertThat(rebuilt.fleetView()).isEqualTo(inventory.fleetView());
              assertThat(rebuilt.summary()).isEqualTo(inventory.summary());
            });
    FleetInventory rebuilt = rebuildFromTopic();
    assertThat(
            rebuilt.query(new WorkloadQuery(c, null, null, null, 100, null)).items().stream()
                .map(WorkloadEntry::key)
                .collect(Collectors.toList()))
        .containsExactly(c + "/shop/Deployment/cart", c + "/web/Deployment/win");
  }

  /** Reads {@code wimigrate.inventory} from the beginning to its end into a new store. */
  FleetInventory rebuildFromTopic() {
    FleetInventory store = new FleetInventory();
    EventCodec codec = new EventCodec();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "rebuild-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.INVENTORY).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        assertThat(System.nanoTime()).as("topic read to its end in time").isLessThan(deadline);
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          Header type = r.headers().lastHeader(CloudEventHeaders.TYPE);
          if (type == null || r.value() == null) {
            continue;
          }
          try {
            Object event =
                codec.decode(new String(type.value(), StandardCharsets.UTF_8), r.value());
            if (event instanceof InventoryEvent inventoryEvent) {
              store.apply(inventoryEvent);
            }
          } catch (RuntimeException malformed) {
            // the service dead-letters these; they change nothing
          }
        }
      }
    }
    return store;
  }
}
