package dev.wimigrate.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wimigrate.events.cluster.EnsureServiceAccount;
import dev.wimigrate.events.cluster.PatchWorkload;
import dev.wimigrate.events.cluster.RolloutRestart;
import dev.wimigrate.events.common.OperatingSystem;
import dev.wimigrate.events.common.SdkGeneration;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.common.WorkloadKind;
import dev.wimigrate.events.common.WorkloadRef;
import dev.wimigrate.events.federation.CreateFederatedCredential;
import dev.wimigrate.events.inventory.ClusterObserved;
import dev.wimigrate.events.inventory.ContainerInfo;
import dev.wimigrate.events.inventory.PodIdentityBindingRef;
import dev.wimigrate.events.inventory.PodIdentityObserved;
import dev.wimigrate.events.inventory.WorkloadIdentityState;
import dev.wimigrate.events.inventory.WorkloadObserved;
import dev.wimigrate.testkit.kafka.EventTestClient;
import dev.wimigrate.testkit.kafka.KafkaBrokers;
import dev.wimigrate.testkit.services.ServiceProcess;
import dev.wimigrate.testkit.workers.SimulatedServices;
import dev.wimigrate.testkit.workers.SimulatedWorkers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged inventory-service is killed (SIGKILL) while its migration waits for rollouts, and
 * started again: it reloads its state from {@code wimigrate.saga}, sends the running steps again
 * with the same step ids and attempts, and finishes the migration without repeating any step that
 * had already answered.
 */
class InventorySagaRestartTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String RG =
      "/subscriptions/0b1c2d3e-0000-4000-8000-000000000001/resourceGroups/rg-ids"
          + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/";
  static final String AKS =
      "/subscriptions/0b1c2d3e-0000-4000-8000-000000000001/resourceGroups/rg-aks"
          + "/providers/Microsoft.ContainerService/managedClusters/";

  final String bootstrap = KafkaBrokers.shared().bootstrapServers();
  final String cluster = "restart-" + UUID.randomUUID().toString().substring(0, 8);

  ServiceProcess start() {
    return InventoryApi.withApiKey(
            ServiceProcess.of("inventory-service").env("KAFKA_BOOTSTRAP_SERVERS", bootstrap))
        .readyTimeout(Duration.ofSeconds(120))
        .start();
  }

  @Test
  void killedWhileRolloutsRunTheRestartedServiceResumesAndFinishesWithoutRepeatingSteps()
      throws Exception {
    int workloads = 4;
    reportFleet(workloads);
    String ticket = "RESTART-" + cluster;
    SimulatedWorkers ok = new SimulatedWorkers();
    String mine = migrationIdFor(ticket);
    try (SimulatedServices services =
        new SimulatedServices(
            bootstrap, c -> SimulatedWorkers.stepOf(c).migrationId().equals(mine))) {
      services.workers = c -> c instanceof RolloutRestart ? null : ok.apply(c);
      ServiceProcess inventory = start();
      String id;
      try {
        awaitWorkloads(inventory, workloads);
        HttpResponse<String> accepted =
            InventoryApi.post(
                inventory,
                "/api/v1/migrations",
                "{\"selector\":{\"clusterId\":\""
                    + cluster
                    + "\"},\"mode\":\"execute\",\"ticket\":{\"system\":\"jira\",\"id\":\""
                    + ticket
                    + "\"}}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        id = JSON.readTree(accepted.body()).path("migrationId").asText();
        // the canary's rollout is running (and never answered) when the service dies
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> services.seen(RolloutRestart.class).size() == 1);
      } finally {
        inventory.kill();
      }
      RolloutRestart running = services.seen(RolloutRestart.class).get(0);
      services.workers = ok;

      ServiceProcess restarted = start();
      try {
        await()
            .atMost(Duration.ofSeconds(120))
            .untilAsserted(
                () ->
                    assertThat(status(restarted, id).path("status").asText())
                        .isEqualTo("COMPLETED"));
        JsonNode migration = status(restarted, id);
        assertThat(migration.path("workloadsByPhase").path("DONE").asInt()).isEqualTo(workloads);

        List<StepRef> rollouts =
            services.seen(RolloutRestart.class).stream().map(RolloutRestart::step).toList();
        // the running rollout was sent again as the same step and attempt, nothing else twice
        assertThat(rollouts.stream().filter(s -> s.equals(running.step())).count()).isEqualTo(2);
        assertThat(rollouts.stream().map(StepRef::stepId).distinct().count()).isEqualTo(workloads);
        for (Class<? extends dev.wimigrate.events.common.Event> type :
            List.of(
                EnsureServiceAccount.class, PatchWorkload.class, CreateFederatedCredential.class)) {
          List<String> stepIds =
              services.seen(type).stream().map(c -> SimulatedWorkers.stepOf(c).stepId()).toList();
          assertThat(stepIds).as(type.getSimpleName()).hasSize(workloads).doesNotHaveDuplicates();
        }
      } finally {
        restarted.close();
      }
    }
  }

  static String migrationIdFor(String ticket) throws Exception {
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(("jira:" + ticket).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return "mig-" + java.util.HexFormat.of().formatHex(digest).substring(0, 20);
  }

  JsonNode status(ServiceProcess inventory, String id) throws Exception {
    HttpResponse<String> response = InventoryApi.get(inventory, "/api/v1/migrations/" + id);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  void awaitWorkloads(ServiceProcess inventory, int expected) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              HttpResponse<String> page =
                  InventoryApi.get(inventory, "/api/v1/workloads?cluster=" + cluster);
              assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
              assertThat(JSON.readTree(page.body()).path("items").size()).isEqualTo(expected);
            });
  }

  void reportFleet(int workloads) {
    Instant now = Instant.now();
    String identity = "id-" + cluster;
    try (EventTestClient events = new EventTestClient(bootstrap)) {
      events.send(
          new ClusterObserved(
              cluster,
              "v1.33.3",
              "https://oidc.example/" + cluster + "/",
              true,
              true,
              false,
              now,
              AKS + cluster));
      events.send(
          new PodIdentityObserved(
              cluster,
              "shop",
              identity,
              0,
              RG + identity,
              UUID.nameUUIDFromBytes(identity.getBytes()).toString(),
              List.of(identity + "-binding"),
              List.of(identity),
              false,
              now));
      for (int i = 0; i < workloads; i++) {
        String name = "app-" + i;
        events.send(
            new WorkloadObserved(
                new WorkloadRef(cluster, "shop", WorkloadKind.DEPLOYMENT, name),
                name,
                identity,
                List.of(
                    new PodIdentityBindingRef(
                        identity + "-binding",
                        identity,
                        RG + identity,
                        UUID.nameUUIDFromBytes(identity.getBytes()).toString(),
                        0)),
                OperatingSystem.LINUX,
                false,
                List.of(new ContainerInfo("app", "registry.example/app:1", false)),
                SdkGeneration.LEGACY,
                null,
                new WorkloadIdentityState(false, null, false, false),
                Map.of(),
                now,
                false));
      }
    }
  }
}
