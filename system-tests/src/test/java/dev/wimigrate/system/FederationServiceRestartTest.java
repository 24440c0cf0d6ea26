package dev.wimigrate.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wimigrate.events.common.ServiceAccountRef;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.federation.CreateFederatedCredential;
import dev.wimigrate.events.federation.FederatedCredentialReady;
import dev.wimigrate.testkit.azure.AzureEmulator;
import dev.wimigrate.testkit.azure.arm.ManagedIdentity;
import dev.wimigrate.testkit.kafka.EventTestClient;
import dev.wimigrate.testkit.kafka.KafkaBrokers;
import dev.wimigrate.testkit.kafka.ResultsTopic;
import dev.wimigrate.testkit.kube.ControlPlane;
import dev.wimigrate.testkit.kube.ControlPlanes;
import dev.wimigrate.testkit.services.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged federation-service is killed (SIGKILL) while commands are in flight and started
 * again: every command still gets its answer, and every credential exists exactly once. Commands
 * are acknowledged only after their result is on the broker, and a re-delivered command re-reads
 * Azure before writing.
 */
class FederationServiceRestartTest {

  @Test
  void aServiceKilledMidBatchAnswersEveryCommandAfterRestartAndWritesEachCredentialOnce()
      throws Exception {
    ControlPlane plane = ControlPlanes.shared();
    String bootstrap = KafkaBrokers.shared().bootstrapServers();
    try (AzureEmulator azure =
        AzureEmulator.builder()
            .trustIssuerCa(plane.caCertificatePem())
            .registerClient(EmulatedAzureService.CLIENT_ID, EmulatedAzureService.CLIENT_SECRET)
            .start()) {
      String run = UUID.randomUUID().toString().substring(0, 8);

      List<ManagedIdentity> identities = new ArrayList<>();
      List<CreateFederatedCredential> commands = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        ManagedIdentity identity =
            azure.createIdentity("rg-restart", "mi-" + run + "-" + i, "westeurope");
        identities.add(identity);
        commands.add(
            new CreateFederatedCredential(
                new StepRef("mig-" + run, "restart-" + run + "-" + i, 1),
                identity.id(),
                plane.issuerUrl(),
                new ServiceAccountRef("team-" + i, "app"),
                // no kubeconfig for this cluster: each command waits the fixed window, so the
                // kill lands while most of them are in flight
                "cluster-without-probe",
                null));
      }

      ServiceProcess first = start(azure, bootstrap);
      String steps = "restart-" + run;
      try (EventTestClient kafka = new EventTestClient(bootstrap);
          ResultsTopic results = new ResultsTopic(bootstrap)) {
        commands.forEach(kafka::send);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  results.poll(Duration.ofMillis(300));
                  return azure.federatedCredentials(identities.get(0).id()).size() == 1
                      || !results.answers(steps).isEmpty();
                });
        first.kill();
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
                                    .as("no command fails because of the restart")
                                    .isInstanceOf(FederatedCredentialReady.class)));
      } finally {
        first.close();
      }

      for (ManagedIdentity identity : identities) {
        assertThat(azure.federatedCredentials(identity.id())).hasSize(1);
      }
      assertThat(azure.rejectedConcurrentWrites()).isZero();
    }
  }

  static ServiceProcess start(AzureEmulator azure, String bootstrap) {
    return EmulatedAzureService.of("federation-service", "federation-commands", azure, bootstrap)
        .config("wimigrate.federation.propagation.unprobed-wait", "4s")
        .start();
  }
}
