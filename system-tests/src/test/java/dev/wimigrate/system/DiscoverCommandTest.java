package dev.wimigrate.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wimigrate.testkit.kube.ControlPlane;
import dev.wimigrate.testkit.kube.ControlPlanes;
import dev.wimigrate.testkit.process.CommandResult;
import dev.wimigrate.testkit.services.ServiceProcess;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The agent's one-shot {@code discover} mode against a real cluster, without Kafka. */
class DiscoverCommandTest {

  static final String RID =
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/billing";
  static ControlPlane cluster;
  static String ns;

  @BeforeAll
  static void podIdentityInTheCluster() throws Exception {
    cluster = ControlPlanes.shared();
    KubernetesClient kube = cluster.client();
    try (InputStream crds =
        DiscoverCommandTest.class.getResourceAsStream("/crds/aad-pod-identity.yaml")) {
      kube.load(crds).serverSideApply();
    }
    ns = "billing-" + UUID.randomUUID().toString().substring(0, 6);
    kube.namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    kube.resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("aadpodidentity.k8s.io/v1")
                .withKind("AzureIdentity")
                .withNewMetadata()
                .withNamespace(ns)
                .withName("billing-id")
                .endMetadata()
                .withAdditionalProperties(
                    Map.of(
                        "spec",
                        Map.of(
                            "type",
                            0,
                            "resourceID",
                            RID,
                            "clientID",
                            "33333333-3333-3333-3333-333333333333")))
                .build())
        .create();
    kube.resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("aadpodidentity.k8s.io/v1")
                .withKind("AzureIdentityBinding")
                .withNewMetadata()
                .withNamespace(ns)
                .withName("billing-binding")
                .endMetadata()
                .withAdditionalProperties(
                    Map.of("spec", Map.of("azureIdentity", "billing-id", "selector", "billing")))
                .build())
        .create();
    kube.apps()
        .deployments()
        .inNamespace(ns)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("invoices")
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", "invoices")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "invoices")
                .addToLabels("aadpodidbinding", "billing")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("billing/invoices:7")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
  }

  @Test
  void jsonOutputListsThePodIdentityWorkloadWithItsPlannedPath() throws Exception {
    CommandResult result = discover("-o", "json");

    assertThat(result.exitCode()).as(result.stderr() + result.stdout()).isZero();
    JsonNode row = null;
    for (JsonNode r : new ObjectMapper().readTree(result.stdout())) {
      if (r.path("workload").path("workload").path("namespace").asText().equals(ns)) {
        row = r;
      }
    }
    assertThat(row).as(result.stdout()).isNotNull();
    assertThat(row.path("workload").path("bindings").get(0).path("identityResourceId").asText())
        .isEqualTo(RID);
    assertThat(row.path("plan").path("path").asText()).isEqualTo("SIDECAR");
    assertThat(result.stderr()).contains("workloads use pod identity");
  }

  @Test
  void tableOutputHasOneLinePerWorkload() {
    CommandResult result = discover();

    assertThat(result.exitCode()).as(result.stderr() + result.stdout()).isZero();
    assertThat(result.stdout()).startsWith("NAMESPACE").contains("PATH");
    assertThat(result.stdout().lines().filter(l -> l.startsWith(ns)))
        .singleElement()
        .satisfies(l -> assertThat(l).contains("Deployment", "invoices", "billing-id", "SIDECAR"));
  }

  @Test
  void unknownOptionIsAUsageErrorWithTheReason() {
    CommandResult result = discover("--frobnicate");

    assertThat(result.exitCode()).isEqualTo(64);
    assertThat(result.stderr()).contains("unknown option '--frobnicate'").contains("usage:");
  }

  static CommandResult discover(String... options) {
    String[] args = new String[options.length + 1];
    args[0] = "discover";
    System.arraycopy(options, 0, args, 1, options.length);
    return ServiceProcess.runCommand(
        "cluster-agent",
        Map.of(
            "KUBECONFIG",
            cluster.adminKubeconfigFile().toString(),
            "KAFKA_BOOTSTRAP_SERVERS",
            "127.0.0.1:1"),
        Duration.ofSeconds(90),
        args);
  }
}
