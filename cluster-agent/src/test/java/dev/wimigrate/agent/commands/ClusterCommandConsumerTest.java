package dev.wimigrate.agent.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wimigrate.agent.ControlPlaneTestResource;
import dev.wimigrate.events.CloudEventHeaders;
import dev.wimigrate.events.EventCodec;
import dev.wimigrate.events.Topics;
import dev.wimigrate.events.cluster.EnsureServiceAccount;
import dev.wimigrate.events.cluster.PatchWorkload;
import dev.wimigrate.events.cluster.ServiceAccountReady;
import dev.wimigrate.events.cluster.WorkloadPatched;
import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.ServiceAccountRef;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.common.WorkloadKind;
import dev.wimigrate.events.common.WorkloadRef;
import dev.wimigrate.testkit.kafka.EventTestClient;
import dev.wimigrate.testkit.kafka.KafkaTestResource;
import dev.wimigrate.testkit.kube.ControlPlane;
import dev.wimigrate.testkit.kube.ControlPlanes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The agent as deployed: commands from the real broker, applied to a real apiserver. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ControlPlaneTestResource.class)
class ClusterCommandConsumerTest {

  static final String CLIENT = "11111111-1111-1111-1111-111111111111";

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  final ControlPlane plane = ControlPlanes.shared();
  final KubernetesClient kube = plane.client();
  final EventCodec codec = new EventCodec();
  final Map<String, Event> results = new ConcurrentHashMap<>();

  @Test
  void commandsOnTheTopicAreCarriedOutAndAnsweredOnTheResultsTopic() {
    String ns = Samples.namespace(kube, "kafka");
    Samples.podIdentity(kube, ns, "orders", CLIENT);
    kube.resource(
            Samples.workload(
                WorkloadKind.DEPLOYMENT,
                ns,
                "orders",
                Samples.template("orders", ns, null, false, false)))
        .create();
    WorkloadRef ref = new WorkloadRef(plane.name(), ns, WorkloadKind.DEPLOYMENT, "orders");
    EnsureServiceAccount ensure =
        new EnsureServiceAccount(
            new StepRef("mig-kafka", "ensure-" + ns, 1),
            ref,
            new ServiceAccountRef(ns, "orders-wi"),
            CLIENT,
            Samples.TENANT,
            null,
            false);
    PatchWorkload patch =
        new PatchWorkload(
            new StepRef("mig-kafka", "patch-" + ns, 1), ref, "orders-wi", false, null, true, false);
    // addressed to another cluster, on this cluster's partition: not this agent's business
    EnsureServiceAccount foreign =
        new EnsureServiceAccount(
            new StepRef("mig-kafka", "foreign-" + ns, 1),
            new WorkloadRef("another-cluster", ns, WorkloadKind.DEPLOYMENT, "orders"),
            new ServiceAccountRef(ns, "foreign"),
            CLIENT,
            Samples.TENANT,
            null,
            false);

    try (EventTestClient kafka = new EventTestClient(bootstrap)) {
      kafka.send(
          Topics.CLUSTER_COMMANDS, plane.name(), EnsureServiceAccount.TYPE, codec.encode(foreign));
      kafka.send(ensure);
      awaitResult(ensure.step().stepId());
      kafka.send(patch);
      awaitResult(patch.step().stepId());
    }

    ServiceAccountReady ready = (ServiceAccountReady) results.get(ensure.step().stepId());
    assertThat(ready.changed()).isTrue();
    assertThat(ready.workload()).isEqualTo(ref);
    WorkloadPatched patched = (WorkloadPatched) results.get(patch.step().stepId());
    assertThat(patched.changed()).isTrue();
    assertThat(
            kube.apps()
                .deployments()
                .inNamespace(ns)
                .withName("orders")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getServiceAccountName())
        .isEqualTo("orders-wi");
    assertThat(kube.serviceAccounts().inNamespace(ns).withName("foreign").get()).isNull();
    assertThat(results).doesNotContainKey(foreign.step().stepId());
  }

  @Test
  void malformedAndUnknownCommandsGoToTheDeadLetterTopicAndTheAgentGoesOn() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String ns = Samples.namespace(kube, "dlq");
    kube.resource(
            Samples.workload(
                WorkloadKind.DEPLOYMENT,
                ns,
                "orders",
                Samples.template("orders", null, null, false, false)))
        .create();
    EnsureServiceAccount valid =
        new EnsureServiceAccount(
            new StepRef("mig-dlq", "after-dlq-" + suffix, 1),
            new WorkloadRef(plane.name(), ns, WorkloadKind.DEPLOYMENT, "orders"),
            new ServiceAccountRef(ns, "orders-wi"),
            CLIENT,
            Samples.TENANT,
            null,
            false);
    Map<String, String> reasons;
    try (EventTestClient kafka = new EventTestClient(bootstrap)) {
      kafka.send(
          Topics.CLUSTER_COMMANDS,
          "dlq-" + suffix + "-json",
          EnsureServiceAccount.TYPE,
          "{not json");
      kafka.send(
          Topics.CLUSTER_COMMANDS,
          "dlq-" + suffix + "-field",
          EnsureServiceAccount.TYPE,
          "{\"step\":{\"migrationId\":\"m\",\"stepId\":\"s\",\"attempt\":1}}");
      kafka.send(
          Topics.CLUSTER_COMMANDS,
          "dlq-" + suffix + "-unknown",
          "dev.wimigrate.cluster.FormatDisk.v1",
          "{}");
      kafka.send(
          Topics.CLUSTER_COMMANDS, "dlq-" + suffix + "-family", ServiceAccountReady.TYPE, "{}");
      reasons = kafka.deadLetterReasons(Topics.CLUSTER_COMMANDS, "dlq-" + suffix, 4);
      kafka.send(valid);
      awaitResult(valid.step().stepId());
    }

    assertThat(reasons)
        .hasSize(4)
        .hasEntrySatisfying(
            "dlq-" + suffix + "-json", r -> assertThat(r).startsWith(EnsureServiceAccount.TYPE))
        .hasEntrySatisfying(
            "dlq-" + suffix + "-field", r -> assertThat(r).contains("missing required field"))
        .hasEntrySatisfying(
            "dlq-" + suffix + "-unknown",
            r ->
                assertThat(r)
                    .isEqualTo("unknown CloudEvents type 'dev.wimigrate.cluster.FormatDisk.v1'"))
        .hasEntrySatisfying(
            "dlq-" + suffix + "-family",
            r -> assertThat(r).contains("does not belong on a topic of ClusterCommands"));
    assertThat(results.get(valid.step().stepId())).isInstanceOf(ServiceAccountReady.class);
  }

  void awaitResult(String stepId) {
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
                  if (event instanceof dev.wimigrate.events.common.StepResult result) {
                    results.put(result.step().stepId(), event);
                  }
                }
                return results.containsKey(stepId);
              });
    }
  }
}
