package dev.wimigrate.agent.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wimigrate.agent.ControlPlaneTestResource;
import dev.wimigrate.events.CloudEventHeaders;
import dev.wimigrate.events.EventCodec;
import dev.wimigrate.events.Topics;
import dev.wimigrate.events.common.OperatingSystem;
import dev.wimigrate.events.inventory.InventoryEvent;
import dev.wimigrate.events.inventory.PodIdentityObserved;
import dev.wimigrate.events.inventory.SnapshotCompleted;
import dev.wimigrate.events.inventory.TriggerAuthenticationObserved;
import dev.wimigrate.events.inventory.WorkloadGone;
import dev.wimigrate.events.inventory.WorkloadObserved;
import dev.wimigrate.testkit.kafka.KafkaTestResource;
import dev.wimigrate.testkit.kube.ControlPlanes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Discovery against a real apiserver with pod identity objects, reported to the real broker. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ControlPlaneTestResource.class)
class InventoryDiscoveryTest {

  static final String RID =
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/orders";
  static final String CLIENT_ID = "11111111-1111-1111-1111-111111111111";

  @Inject InventoryDiscovery discovery;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  final KubernetesClient kube = ControlPlanes.shared().client();
  final EventCodec codec = new EventCodec();

  @Test
  void snapshotReportsPodIdentityWorkloadsIdentitiesAndKedaThenDeltasFollow() {
    String ns = "shop-" + UUID.randomUUID().toString().substring(0, 6);
    kube.namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(ns)
                .addToLabels("pod-security.kubernetes.io/enforce", "baseline")
                .endMetadata()
                .build())
        .create();
    kube.resource(
            custom(
                "aadpodidentity.k8s.io/v1",
                "AzureIdentity",
                ns,
                "orders-id",
                Map.of("type", 0, "resourceID", RID, "clientID", CLIENT_ID)))
        .create();
    kube.resource(
            custom(
                "aadpodidentity.k8s.io/v1",
                "AzureIdentityBinding",
                ns,
                "orders-binding",
                Map.of("azureIdentity", "orders-id", "selector", "orders")))
        .create();
    kube.resource(
            custom(
                "keda.sh/v1alpha1",
                "TriggerAuthentication",
                ns,
                "queue-auth",
                Map.of("podIdentity", Map.of("provider", "azure"))))
        .create();
    kube.apps()
        .deployments()
        .inNamespace(ns)
        .resource(deployment("orders", Map.of(), "orders"))
        .create();
    kube.apps()
        .deployments()
        .inNamespace(ns)
        .resource(deployment("legacy-win", Map.of("kubernetes.io/os", "windows"), "orders"))
        .create();
    kube.apps()
        .deployments()
        .inNamespace(ns)
        .resource(deployment("plain", Map.of(), null))
        .create();

    List<InventoryEvent> events = new CopyOnWriteArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      discovery.snapshot();

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                poll(consumer, ns, events);
                assertThat(workloads(events)).hasSizeGreaterThanOrEqualTo(2);
                assertThat(events).anyMatch(TriggerAuthenticationObserved.class::isInstance);
                // keyed by cluster, SnapshotCompleted may sit on another partition than the
                // namespace's events: consumers match it by snapshot id and workload count
                assertThat(events).anyMatch(SnapshotCompleted.class::isInstance);
              });

      assertThat(workloads(events))
          .extracting(w -> w.workload().name())
          .containsOnly("orders", "legacy-win");
      // the newest report counts: an informer may have reported the Deployment before the
      // snapshot read the binding created just before it
      WorkloadObserved orders =
          workloads(events).stream()
              .filter(w -> w.workload().name().equals("orders"))
              .reduce((first, second) -> second)
              .orElseThrow();
      assertThat(orders.bindings())
          .singleElement()
          .satisfies(
              b -> {
                assertThat(b.identityResourceId()).isEqualTo(RID);
                assertThat(b.clientId()).isEqualTo(CLIENT_ID);
              });
      assertThat(orders.os()).isEqualTo(OperatingSystem.LINUX);
      assertThat(orders.podSecurityLevel()).isEqualTo("baseline");
      assertThat(workloads(events))
          .filteredOn(w -> w.workload().name().equals("legacy-win"))
          .extracting(WorkloadObserved::os)
          .isNotEmpty() // deltas from the informers may report it before the snapshot does
          .containsOnly(OperatingSystem.WINDOWS);
      assertThat(events)
          .filteredOn(PodIdentityObserved.class::isInstance)
          .map(PodIdentityObserved.class::cast)
          .isNotEmpty() // the start-up snapshot may have seen the objects too
          .allSatisfy(p -> assertThat(p.selectors()).containsExactly("orders"));
      assertThat(events)
          .filteredOn(TriggerAuthenticationObserved.class::isInstance)
          .map(TriggerAuthenticationObserved.class::cast)
          .isNotEmpty()
          .allSatisfy(t -> assertThat(t.provider()).isEqualTo("azure"));

      // a deleted workload becomes WorkloadGone through the informers
      events.clear();
      kube.apps().deployments().inNamespace(ns).withName("legacy-win").delete();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                poll(consumer, ns, events);
                assertThat(events)
                    .filteredOn(WorkloadGone.class::isInstance)
                    .map(e -> ((WorkloadGone) e).workload().name())
                    .contains("legacy-win");
              });
    }
  }

  static List<WorkloadObserved> workloads(List<InventoryEvent> events) {
    return events.stream()
        .filter(WorkloadObserved.class::isInstance)
        .map(WorkloadObserved.class::cast)
        .toList();
  }

  KafkaConsumer<String, byte[]> consumer() {
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "discovery-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.INVENTORY));
    return consumer;
  }

  /** Collects the inventory events about namespace {@code ns} (or the cluster's snapshot end). */
  void poll(KafkaConsumer<String, byte[]> consumer, String ns, List<InventoryEvent> into) {
    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
      String type =
          new String(
              record.headers().lastHeader(CloudEventHeaders.TYPE).value(), StandardCharsets.UTF_8);
      InventoryEvent event = codec.decode(type, record.value());
      if (record.key().contains("/" + ns + "/") || event instanceof SnapshotCompleted) {
        into.add(event);
      }
    }
  }

  static GenericKubernetesResource custom(
      String apiVersion, String kind, String ns, String name, Map<String, Object> spec) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(apiVersion)
        .withKind(kind)
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  static io.fabric8.kubernetes.api.model.apps.Deployment deployment(
      String name, Map<String, String> nodeSelector, String podIdentitySelector) {
    var labels = new java.util.HashMap<String, String>(Map.of("app", name));
    if (podIdentitySelector != null) {
      labels.put("aadpodidbinding", podIdentitySelector);
    }
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withNodeSelector(nodeSelector)
        .addNewContainer()
        .withName("app")
        .withImage("registry.example/" + name + ":1")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
