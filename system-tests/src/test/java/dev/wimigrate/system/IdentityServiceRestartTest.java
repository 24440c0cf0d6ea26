package dev.wimigrate.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.identity.ClusterWorkloadIdentityEnabled;
import dev.wimigrate.events.identity.EnableClusterWorkloadIdentity;
import dev.wimigrate.testkit.azure.AzureEmulator;
import dev.wimigrate.testkit.azure.http.Operation;
import dev.wimigrate.testkit.azure.rules.EmulatorRules.LongRunningOperations;
import dev.wimigrate.testkit.kafka.EventTestClient;
import dev.wimigrate.testkit.kafka.KafkaBrokers;
import dev.wimigrate.testkit.kafka.ResultsTopic;
import dev.wimigrate.testkit.services.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged identity-service is killed (SIGKILL) while it waits for managed-cluster updates (ARM
 * long-running operations) and started again: every command is answered, and no cluster is written
 * twice (a re-delivered command re-reads the cluster and waits for the update in flight).
 */
class IdentityServiceRestartTest {

  static final String RG = "rg-restart";

  @Test
  void aServiceKilledWhileClustersUpdateAnswersEveryCommandAfterRestartAndWritesEachClusterOnce()
      throws Exception {
    String bootstrap = KafkaBrokers.shared().bootstrapServers();
    try (AzureEmulator azure =
        AzureEmulator.builder()
            .registerClient(EmulatedAzureService.CLIENT_ID, EmulatedAzureService.CLIENT_SECRET)
            // each update runs for a few polls, one second apart
            .rules(r -> r.withOperations(new LongRunningOperations(4, 1)))
            .start()) {
      String run = UUID.randomUUID().toString().substring(0, 8);
      List<EnableClusterWorkloadIdentity> commands = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String name = "aks-" + run + "-" + i;
        azure.clusterIssuerUrl(
            RG,
            name,
            "https://westeurope.oic.prod-aks.azure.com/" + azure.tenantId() + "/" + name + "/");
        azure.putManagedCluster(
            RG,
            name,
            """
            {"location":"westeurope","properties":{"dnsPrefix":"%s","kubernetesVersion":"1.33.0",
             "oidcIssuerProfile":{"enabled":false}}}
            """
                .formatted(name));
        commands.add(
            new EnableClusterWorkloadIdentity(
                new StepRef("mig-" + run, "enable-" + run + "-" + i, 1),
                "cluster-" + i,
                "/subscriptions/"
                    + azure.subscriptionId()
                    + "/resourceGroups/"
                    + RG
                    + "/providers/Microsoft.ContainerService/managedClusters/"
                    + name));
      }
      long writesBefore = clusterWrites(azure);

      ServiceProcess first = start(azure, bootstrap);
      String steps = "enable-" + run;
      try (EventTestClient kafka = new EventTestClient(bootstrap);
          ResultsTopic results = new ResultsTopic(bootstrap)) {
        commands.forEach(kafka::send);
        // kill while the first updates are running
        await().atMost(Duration.ofSeconds(60)).until(() -> clusterWrites(azure) > writesBefore);
        first.kill();
        results.poll(Duration.ofMillis(300));
        int answeredBeforeKill = results.answers(steps).size();

        try (ServiceProcess second = start(azure, bootstrap)) {
          results.awaitAnswers(steps, commands.size(), Duration.ofSeconds(120));
        }
        assertThat(answeredBeforeKill).isLessThan(commands.size());
        assertThat(results.answers(steps).values())
            .allSatisfy(
                answers ->
                    assertThat(answers)
                        .allSatisfy(
                            answer ->
                                assertThat(answer.result())
                                    .isInstanceOf(ClusterWorkloadIdentityEnabled.class)));
      } finally {
        first.close();
      }
      assertThat(clusterWrites(azure) - writesBefore).isEqualTo(commands.size());
      for (int i = 0; i < commands.size(); i++) {
        assertThat(
                azure
                    .managedCluster(RG, "aks-" + run + "-" + i)
                    .orElseThrow()
                    .at("/properties/oidcIssuerProfile/enabled")
                    .asBoolean())
            .isTrue();
      }
    }
  }

  /** Cluster writes ARM accepted (PUT or PATCH answered 2xx). */
  static long clusterWrites(AzureEmulator azure) {
    long writes = 0;
    for (Operation write : List.of(Operation.CLUSTER_PUT, Operation.CLUSTER_PATCH)) {
      for (Map.Entry<Integer, Long> answer :
          azure.callStatuses().getOrDefault(write, Map.of()).entrySet()) {
        if (answer.getKey() >= 200 && answer.getKey() < 300) {
          writes += answer.getValue();
        }
      }
    }
    return writes;
  }

  static ServiceProcess start(AzureEmulator azure, String bootstrap) {
    return EmulatedAzureService.of("identity-service", "identity-commands", azure, bootstrap)
        .start();
  }
}
