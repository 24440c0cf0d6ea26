package dev.wimigrate.agent.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wimigrate.agent.ControlPlaneTestResource;
import dev.wimigrate.events.CloudEventHeaders;
import dev.wimigrate.events.EventCodec;
import dev.wimigrate.events.Topics;
import dev.wimigrate.events.cluster.Rollback;
import dev.wimigrate.events.cluster.RolledBack;
import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.StepFailed;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.common.StepResult;
import dev.wimigrate.events.common.WorkloadKind;
import dev.wimigrate.events.common.WorkloadRef;
import dev.wimigrate.testkit.kafka.EventTestClient;
import dev.wimigrate.testkit.kafka.KafkaTestResource;
import dev.wimigrate.testkit.kube.ControlPlanes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The agent with leader election on: its command channel starts paused, and it carries out commands
 * once it holds the Lease.
 */
@QuarkusTest
@TestProfile(LeaderElectedAgentTest.LeaderElection.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ControlPlaneTestResource.class)
class LeaderElectedAgentTest {

  static final String LEASE = "agent-" + UUID.randomUUID().toString().substring(0, 6);

  public static class LeaderElection implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "wimigrate.agent.leader-election.enabled", "true",
          "wimigrate.agent.leader-election.namespace", "default",
          "wimigrate.agent.leader-election.lease", LEASE,
          "wimigrate.agent.leader-election.identity", "agent-under-test");
    }
  }

  @Inject LeaderElectionService leadership;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void theLeaderCarriesOutCommands() {
    await().atMost(Duration.ofSeconds(60)).until(leadership::isLeader);
    assertThat(
            ControlPlanes.shared()
                .client()
                .leases()
                .inNamespace("default")
                .withName(LEASE)
                .get()
                .getSpec()
                .getHolderIdentity())
        .isEqualTo("agent-under-test");

    // a rollback of a workload that was never migrated: answered with nothing to restore
    String ns = "default";
    String name = "never-migrated-" + UUID.randomUUID().toString().substring(0, 6);
    ControlPlanes.shared()
        .client()
        .apps()
        .deployments()
        .inNamespace(ns)
        .resource(
            new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withReplicas(0)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("registry.example/app:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    Rollback rollback =
        new Rollback(
            new StepRef("mig-leader", "rollback-" + name, 1),
            new WorkloadRef(ControlPlanes.shared().name(), ns, WorkloadKind.DEPLOYMENT, name),
            false);
    try (EventTestClient kafka = new EventTestClient(bootstrap)) {
      kafka.send(rollback);
    }
    Event result = awaitResult(rollback.step().stepId());
    assertThat(result).isNotInstanceOf(StepFailed.class).isInstanceOf(RolledBack.class);
    assertThat(((RolledBack) result).restoredObjects()).isEmpty();
  }

  Event awaitResult(String stepId) {
    EventCodec codec = new EventCodec();
    AtomicReference<Event> found = new AtomicReference<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "results-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.RESULTS));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                  String type =
                      new String(
                          r.headers().lastHeader(CloudEventHeaders.TYPE).value(),
                          StandardCharsets.UTF_8);
                  Event event = codec.decode(type, r.value());
                  if (event instanceof StepResult sr && sr.step().stepId().equals(stepId)) {
                    found.set(event);
                  }
                }
                return found.get() != null;
              });
    }
    return found.get();
  }
}
