package dev.wimigrate.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wimigrate.events.cluster.EnsureServiceAccount;
import dev.wimigrate.events.cluster.PatchWorkload;
import dev.wimigrate.events.cluster.RolloutRestart;
import dev.wimigrate.events.cluster.ServiceAccountReady;
import dev.wimigrate.events.cluster.WorkloadPatched;
import dev.wimigrate.events.cluster.WorkloadRolledOut;
import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.ServiceAccountRef;
import dev.wimigrate.events.common.StepFailed;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.common.WorkloadKind;
import dev.wimigrate.events.common.WorkloadRef;
import dev.wimigrate.testkit.kafka.EventTestClient;
import dev.wimigrate.testkit.kafka.KafkaBrokers;
import dev.wimigrate.testkit.kafka.ResultsTopic;
import dev.wimigrate.testkit.kube.ControlPlane;
import dev.wimigrate.testkit.kube.ControlPlanes;
import dev.wimigrate.testkit.services.ServiceProcess;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged cluster-agent is killed (SIGKILL) after it applied a rollout restart but before it
 * answered, and started again: the re-delivered command is answered without restarting the workload
 * a second time, and commands sent again change nothing.
 */
class ClusterAgentRestartTest {

  static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  static final String CLIENT = "5b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
  static final String RESTART_STEP = "wimigrate.dev/restart-step";

  @Test
  void anAgentKilledMidRolloutAnswersAfterRestartWithoutRepeatingCompletedSteps() {
    ControlPlane plane = ControlPlanes.shared();
    KubernetesClient kube = plane.client();
    String bootstrap = KafkaBrokers.shared().bootstrapServers();
    String ns = "agent-restart-" + UUID.randomUUID().toString().substring(0, 6);
    kube.namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    kube.serviceAccounts()
        .inNamespace(ns)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("orders").endMetadata().build())
        .create();
    kube.apps().deployments().inNamespace(ns).resource(deployment(ns)).create();
    WorkloadRef workload = new WorkloadRef(plane.name(), ns, WorkloadKind.DEPLOYMENT, "orders");
    EnsureServiceAccount ensure =
        new EnsureServiceAccount(
            step("ensure"),
            workload,
            new ServiceAccountRef(ns, "orders"),
            CLIENT,
            TENANT,
            3600L,
            false);
    PatchWorkload patch =
        new PatchWorkload(step("patch"), workload, "orders", false, null, true, false);
    RolloutRestart restart = new RolloutRestart(step("restart"), workload, false);

    try (EventTestClient kafka = new EventTestClient(bootstrap);
        ResultsTopic results = new ResultsTopic(bootstrap)) {
      ServiceProcess first = start(plane, bootstrap);
      try {
        kafka.send(ensure);
        kafka.send(patch);
        awaitResults(results, ensure.step(), patch.step());
        long patchedGeneration = generation(kube, ns);

        kafka.send(restart);
        // the restart is applied; the agent now waits for the rollout before answering
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> restart.step().stepId().equals(restartStepOf(kube, ns)));
        first.kill();
        results.poll(Duration.ofMillis(300));
        assertThat(results.answers(restart.step().stepId())).isEmpty();

        try (ServiceProcess second = start(plane, bootstrap)) {
          // a saga that lost track sends the completed steps again: they must change nothing
          EnsureServiceAccount ensureAgain = withStep(ensure, step("ensure-again"));
          PatchWorkload patchAgain =
              new PatchWorkload(step("patch-again"), workload, "orders", false, null, true, false);
          kafka.send(ensureAgain);
          kafka.send(patchAgain);
          awaitResults(results, restart.step(), ensureAgain.step(), patchAgain.step());

          assertThat(answer(results, restart.step())).isInstanceOf(WorkloadRolledOut.class);
          assertThat(((ServiceAccountReady) answer(results, ensureAgain.step())).changed())
              .isFalse();
          assertThat(((WorkloadPatched) answer(results, patchAgain.step())).changed()).isFalse();
          // one template change for the restart, none for the repeated patch or restart
          assertThat(generation(kube, ns)).isEqualTo(patchedGeneration + 1);
        }
      } finally {
        first.close();
      }
    } finally {
      kube.namespaces().withName(ns).delete();
    }
  }

  static EnsureServiceAccount withStep(EnsureServiceAccount c, StepRef step) {
    return new EnsureServiceAccount(
        step,
        c.workload(),
        c.serviceAccount(),
        c.clientId(),
        c.tenantId(),
        c.tokenExpirationSeconds(),
        c.dryRun());
  }

  static StepRef step(String name) {
    return new StepRef("mig-agent-restart", name + "-" + UUID.randomUUID(), 1);
  }

  static Deployment deployment(String ns) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName("orders")
        .endMetadata()
        .withNewSpec()
        .withReplicas(2)
        .withNewSelector()
        .addToMatchLabels("app", "orders")
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", "orders")
        .addToLabels("aadpodidbinding", "orders-binding")
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName("orders")
        .addToNodeSelector("kubernetes.io/os", "linux")
        .addNewContainer()
        .withName("app")
        .withImage("registry.example/orders:1")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  static long generation(KubernetesClient kube, String ns) {
    return kube.apps()
        .deployments()
        .inNamespace(ns)
        .withName("orders")
        .get()
        .getMetadata()
        .getGeneration();
  }

  static String restartStepOf(KubernetesClient kube, String ns) {
    Map<String, String> annotations =
        kube.apps()
            .deployments()
            .inNamespace(ns)
            .withName("orders")
            .get()
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations();
    return annotations == null ? null : annotations.get(RESTART_STEP);
  }

  static ServiceProcess start(ControlPlane plane, String bootstrap) {
    return ServiceProcess.of("cluster-agent")
        .env("KAFKA_BOOTSTRAP_SERVERS", bootstrap)
        .env("KUBECONFIG", plane.adminKubeconfigFile().toString())
        .env("CLUSTER_ID", plane.name())
        // the killed member's partitions move to the new one after this, not after 45 s
        .config("mp.messaging.incoming.cluster-commands.session.timeout.ms", "6000")
        .start();
  }

  static void awaitResults(ResultsTopic results, StepRef... steps) {
    for (StepRef step : steps) {
      if (results.await(step.stepId(), Duration.ofSeconds(120)).result()
          instanceof StepFailed failed) {
        throw new AssertionError(
            step.stepId() + " failed: " + failed.errorCode() + " " + failed.reason());
      }
    }
  }

  static Event answer(ResultsTopic results, StepRef step) {
    return results.await(step.stepId(), Duration.ZERO).result();
  }
}
