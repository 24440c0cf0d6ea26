package dev.wimigrate.inventory.saga;

import static dev.wimigrate.inventory.planning.Fleet.w;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.wimigrate.events.Topics;
import dev.wimigrate.events.cluster.EnsureServiceAccount;
import dev.wimigrate.events.cluster.PatchWorkload;
import dev.wimigrate.events.cluster.Rollback;
import dev.wimigrate.events.cluster.RolloutRestart;
import dev.wimigrate.events.cluster.VerifyWorkload;
import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.StepFailed;
import dev.wimigrate.events.federation.CreateFederatedCredential;
import dev.wimigrate.events.federation.DeleteFederatedCredential;
import dev.wimigrate.events.identity.RemovePodIdentity;
import dev.wimigrate.events.migration.TicketRef;
import dev.wimigrate.inventory.planning.Fleet;
import dev.wimigrate.testkit.kafka.EventTestClient;
import dev.wimigrate.testkit.kafka.KafkaTestResource;
import dev.wimigrate.testkit.workers.SimulatedServices;
import dev.wimigrate.testkit.workers.SimulatedWorkers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The saga on the real broker: migrations started over REST, commands read from the command topics
 * by simulated services that answer on {@code wimigrate.results}, state on {@code wimigrate.saga}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class SagaOnBrokerTest {

  static final String KEY = "saga-test-key";
  static final String AKS =
      "/subscriptions/0b1c2d3e-0000-4000-8000-000000000001/resourceGroups/rg-aks"
          + "/providers/Microsoft.ContainerService/managedClusters/";

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  String cluster;
  SimulatedServices services;

  @BeforeEach
  void fleetAndServices() {
    cluster = "saga-" + UUID.randomUUID().toString().substring(0, 8);
    // the ticket names the migration, so its commands are told apart from other tests'
    String mine = SagaEngine.migrationIdOf(new TicketRef("jira", ticket(), null));
    services =
        new SimulatedServices(
            bootstrap, command -> SimulatedWorkers.stepOf(command).migrationId().equals(mine));
  }

  @AfterEach
  void stop() throws InterruptedException {
    services.close();
  }

  /** Reports a cluster with pod identity workloads, as its agent would, and waits for it. */
  void report(Fleet fleet) {
    try (EventTestClient events = new EventTestClient(bootstrap)) {
      fleet.view().clusters().forEach(events::send);
      fleet.view().podIdentities().forEach(events::send);
      fleet.view().workloads().forEach(events::send);
    }
    int expected = fleet.view().workloads().size();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                api()
                    .get("/api/v1/workloads?cluster={c}", cluster)
                    .then()
                    .statusCode(200)
                    .body("items.size()", equalTo(expected)));
  }

  Fleet fleet(String... workloads) {
    String identity = "id-" + cluster; // one identity per test, so credentials never collide
    Fleet fleet = new Fleet().aksCluster(cluster, AKS + cluster, Fleet.issuer(cluster), true);
    for (String name : workloads) {
      fleet.add(w(cluster, "shop", name).identity(identity).at(Instant.now()));
    }
    return fleet.podIdentity(cluster, "shop", identity);
  }

  RequestSpecification api() {
    return given().header("X-Api-Key", KEY);
  }

  String body(String selector, String mode, String ticket) {
    return "{\"selector\":"
        + selector
        + ",\"mode\":\""
        + mode
        + "\",\"ticket\":{\"system\":\"jira\",\"id\":\""
        + ticket
        + "\"}}";
  }

  ValidatableResponse post(String body) {
    return api().contentType("application/json").body(body).post("/api/v1/migrations").then();
  }

  String start(String mode) {
    return post(body("{\"clusterId\":\"" + cluster + "\"}", mode, ticket()))
        .statusCode(202)
        .body("created", equalTo(true))
        .extract()
        .path("migrationId");
  }

  String ticket() {
    return "OPS-" + cluster;
  }

  void awaitStatus(String id, String status) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                api()
                    .get("/api/v1/migrations/{id}", id)
                    .then()
                    .statusCode(200)
                    .body("status", equalTo(status)));
  }

  @Test
  void aTicketMigratesItsWorkloadsThroughEveryServiceAndTheSameTicketNamesTheSameMigration() {
    report(fleet("cart", "pay"));

    String id = start("execute");
    awaitStatus(id, "COMPLETED");

    api()
        .get("/api/v1/migrations/{id}", id)
        .then()
        .body("workloadsByPhase.DONE", equalTo(2))
        .body("ticket.system", equalTo("jira"))
        .body("requestedBy", equalTo("saga"))
        .body(
            "workloads[0].steps.step",
            org.hamcrest.Matchers.contains(
                "service-account", "patch", "rollout", "verify", "cleanup"))
        .body("clusters[0].podIdentityRemoval.status", equalTo("SUCCEEDED"));
    // each workload has its own service account: one credential each
    assertThat(services.seen(CreateFederatedCredential.class)).hasSize(2);
    assertThat(services.seen(RolloutRestart.class)).hasSize(2);
    RemovePodIdentity removal = services.seen(RemovePodIdentity.class).get(0);
    assertThat(removal.disableAddon()).isTrue();
    assertThat(removal.clusterResourceId()).isEqualTo(AKS + cluster);

    post(body("{\"clusterId\":\"" + cluster + "\"}", "execute", ticket()))
        .statusCode(202)
        .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/migrations/" + id))
        .body("migrationId", equalTo(id))
        .body("created", equalTo(false));
    post(body("{\"clusterId\":\"" + cluster + "\",\"namespace\":\"web\"}", "execute", ticket()))
        .statusCode(409)
        .body("error", containsString("already started migration " + id));
    api()
        .get("/api/v1/migrations")
        .then()
        .statusCode(200)
        .body("migrationId", org.hamcrest.Matchers.hasItem(id));
  }

  @Test
  void theTicketHearsOfEveryStatusChangeAndTheMetricsCountTheWorkloads() throws Exception {
    report(fleet("cart"));
    java.util.List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer ticketing =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    ticketing.createContext(
        "/ticket",
        exchange -> {
          bodies.add(new String(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    ticketing.start();
    try {
      String callback = "http://127.0.0.1:" + ticketing.getAddress().getPort() + "/ticket";
      String id =
          post("{\"selector\":{\"clusterId\":\""
                  + cluster
                  + "\"},\"mode\":\"execute\",\"ticket\":{\"system\":\"jira\",\"id\":\""
                  + ticket()
                  + "\",\"callbackUrl\":\""
                  + callback
                  + "\"}}")
              .statusCode(202)
              .extract()
              .path("migrationId");
      awaitStatus(id, "COMPLETED");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(String.join("\n", bodies))
                      .contains(id)
                      .contains("RUNNING")
                      .contains("COMPLETED"));
    } finally {
      ticketing.stop(0);
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                given()
                    .get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .body(
                        containsString(
                            "wimigrate_migration_workloads{cluster=\""
                                + cluster
                                + "\",namespace=\"shop\",path=\"SIDECAR\",phase=\"DONE\"} 1.0"))
                    .body(
                        containsString(
                            "wimigrate_saga_steps_total{outcome=\"succeeded\",step=\"verify\"}"))
                    .body(containsString("wimigrate_saga_step_duration_seconds_bucket"))
                    .body(containsString("wimigrate_migrations{status=\"COMPLETED\"}"))
                    .body(
                        containsString(
                            "wimigrate_fic_budget_used{identity=\"id-" + cluster + "\"")));
  }

  @Test
  void aFailedVerificationRollsThatWorkloadBackAndLeavesTheOthersMigrated() {
    report(fleet("app-1", "app-2", "app-3"));
    SimulatedWorkers ok = new SimulatedWorkers();
    services.workers =
        c ->
            c instanceof VerifyWorkload v && v.workload().name().equals("app-3")
                ? SimulatedWorkers.failure(
                    c, "PodsNotReady", "0/2 pods ready", false, Instant.now())
                : ok.apply(c);

    String id = start("execute");
    awaitStatus(id, "COMPLETED_WITH_FAILURES");

    String key = cluster + "/shop/Deployment/app-3";
    api()
        .get("/api/v1/migrations/{id}", id)
        .then()
        .body("workloadsByPhase.DONE", equalTo(2))
        .body("workloadsByPhase.ROLLED_BACK", equalTo(1))
        .body("failures[0].workload", equalTo(key))
        .body("failures[0].failure", containsString("0/2 pods ready"));
    assertThat(services.seen(Rollback.class))
        .singleElement()
        .satisfies(r -> assertThat(r.workload().name()).isEqualTo("app-3"));
    // only the rolled-back workload's credential goes; the migrated ones keep theirs
    assertThat(services.seen(DeleteFederatedCredential.class))
        .singleElement()
        .satisfies(d -> assertThat(d.serviceAccount().name()).isEqualTo("app-3"));
  }

  @Test
  void anOperatorPausesResumesAndRollsBackAMigration() {
    report(fleet("app-1", "app-2"));
    SimulatedWorkers ok = new SimulatedWorkers();
    Function<Event, dev.wimigrate.events.common.StepResult> silentRollouts =
        c -> c instanceof RolloutRestart ? null : ok.apply(c);
    services.workers = silentRollouts;

    String id = start("execute");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !services.seen(RolloutRestart.class).isEmpty());

    api()
        .post("/api/v1/migrations/{id}/pause", id)
        .then()
        .statusCode(200)
        .body("status", equalTo("PAUSED"));
    api()
        .post("/api/v1/migrations/{id}/pause", id)
        .then()
        .statusCode(409)
        .body("error", containsString("it is PAUSED"));
    api()
        .post("/api/v1/migrations/{id}/resume", id)
        .then()
        .statusCode(200)
        .body("status", equalTo("RUNNING"));
    api()
        .post("/api/v1/migrations/{id}/rollback", id)
        .then()
        .statusCode(200)
        .body("status", equalTo("ROLLING_BACK"));
    services.workers = ok;
    RolloutRestart running = services.seen(RolloutRestart.class).get(0);
    try (EventTestClient events = new EventTestClient(bootstrap)) {
      events.send(ok.apply(running)); // the restart that was running answers late
    }

    awaitStatus(id, "ROLLED_BACK");
    assertThat(services.seen(Rollback.class)).hasSize(1);
    assertThat(services.seen(DeleteFederatedCredential.class))
        .hasSameSizeAs(services.seen(CreateFederatedCredential.class));
  }

  @Test
  void aDryRunPreviewsTheChangesWithServerSideDryRunsOnly() {
    report(fleet("cart"));

    String id = start("dry-run");
    awaitStatus(id, "PREVIEWED");

    api()
        .get("/api/v1/migrations/{id}?phase=previewed", id)
        .then()
        .body("mode", equalTo("dry-run"))
        .body("workloads[0].diffs[0]", startsWith("service account:"));
    assertThat(services.seen(EnsureServiceAccount.class)).allMatch(EnsureServiceAccount::dryRun);
    assertThat(services.seen(PatchWorkload.class)).allMatch(PatchWorkload::dryRun);
    assertThat(services.seen(CreateFederatedCredential.class)).isEmpty();
  }

  @Test
  void badRequestsGetPreciseAnswers() {
    report(fleet("cart"));

    post(body("{\"clusterId\":\"no-such-cluster\"}", "execute", ticket()))
        .statusCode(422)
        .body("error", containsString("unknown cluster 'no-such-cluster'"));
    post(body(
            "{\"clusterId\":\"" + cluster + "\",\"namespace\":\"nothing-here\"}",
            "execute",
            ticket()))
        .statusCode(422)
        .body("error", containsString("matches no workload that uses pod identity"));
    post(body("{\"clusterId\":\"" + cluster + "\",\"namespace\":\"Bad_NS\"}", "execute", ticket()))
        .statusCode(400)
        .body("error", containsString("selector.namespace"));
    post(body("{\"clusterId\":\"" + cluster + "\"}", "sometimes", ticket()))
        .statusCode(400)
        .body("error", containsString("mode"));
    api().get("/api/v1/migrations/mig-0000000000000000000f").then().statusCode(404);
    api()
        .get("/api/v1/migrations/not-an-id")
        .then()
        .statusCode(400)
        .body("error", containsString("migration id"));
    given()
        .contentType("application/json")
        .body(body("{\"clusterId\":\"" + cluster + "\"}", "execute", ticket()))
        .post("/api/v1/migrations")
        .then()
        .statusCode(401);
  }

  @Test
  void anUndecodableResultIsDeadLetteredWithTheReason() {
    String key = "bad-result-" + cluster;
    try (EventTestClient events = new EventTestClient(bootstrap)) {
      events.send(Topics.RESULTS, key, StepFailed.TYPE, "{\"step\":{}}");
      assertThat(events.deadLetterReasons(Topics.RESULTS, key, 1).get(key))
          .startsWith(StepFailed.TYPE + ": ");
    }
  }
}
