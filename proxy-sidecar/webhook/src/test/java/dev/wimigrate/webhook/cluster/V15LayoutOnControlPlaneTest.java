package dev.wimigrate.webhook.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wimigrate.webhook.testing.Https;
import dev.wimigrate.webhook.testing.WebhookRegistration;
import dev.wimigrate.webhook.testing.WebhookTestResource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The v1.5 token layout, selected by configuration, on the real apiserver. */
@QuarkusTest
@TestProfile(V15LayoutOnControlPlaneTest.V15Layout.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class V15LayoutOnControlPlaneTest {

  public static class V15Layout implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("wimigrate.webhook.token-layout", "v1.5");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(WebhookTestResource.class));
    }
  }

  @Inject KubernetesClient kube;

  WebhookRegistration registration;
  String namespace;

  @BeforeAll
  void register() {
    registration = WebhookRegistration.register(kube, Https.port(), Https.caPem());
    namespace = registration.newNamespace("wh-v15");
    kube.serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("wi-sa")
                .addToAnnotations("azure.workload.identity/client-id", "c-15")
                .addToAnnotations(
                    "azure.workload.identity/service-account-token-expiration", "86400")
                .endMetadata()
                .build())
        .create();
    registration.awaitActive(namespace);
  }

  @AfterAll
  void unregister() {
    registration.close();
    kube.namespaces().withName(namespace).delete();
  }

  Pod create(String name, Map<String, String> annotations) {
    kube.pods()
        .inNamespace(namespace)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("azure.workload.identity/use", "true")
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName("wi-sa")
                .addNewContainer()
                .withName("app")
                .withImage("nginx")
                .endContainer()
                .endSpec()
                .build())
        .create();
    return kube.pods().inNamespace(namespace).withName(name).get();
  }

  static String env(Container c, String name) {
    return c.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElse(null);
  }

  @Test
  void v15PodGetsAzureIdentityTokenAtAzureTokens() {
    Pod pod = create("v15", Map.of());

    Volume volume =
        pod.getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals("azure-identity-token"))
            .findFirst()
            .orElseThrow();
    var token = volume.getProjected().getSources().get(0).getServiceAccountToken();
    assertThat(token.getPath()).isEqualTo("azure-identity-token");
    assertThat(token.getExpirationSeconds()).isEqualTo(86400);
    Container app = pod.getSpec().getContainers().get(0);
    assertThat(env(app, "AZURE_FEDERATED_TOKEN_FILE"))
        .isEqualTo("/var/run/secrets/azure/tokens/azure-identity-token");
    assertThat(env(app, "AZURE_CLIENT_ID")).isEqualTo("c-15");
    assertThat(app.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getName()).isEqualTo("azure-identity-token");
              assertThat(m.getMountPath()).isEqualTo("/var/run/secrets/azure/tokens");
            });
  }

  @Test
  void v15PodWithProxyGetsSidecarAndInitContainer() {
    Pod pod =
        create(
            "v15-proxy",
            Map.of(
                "azure.workload.identity/inject-proxy-sidecar", "true",
                "azure.workload.identity/proxy-sidecar-port", "9100"));

    assertThat(pod.getSpec().getInitContainers())
        .extracting(Container::getName)
        .containsExactly("azwi-proxy", "azwi-proxy-init");
    Container proxy = pod.getSpec().getInitContainers().get(0);
    assertThat(proxy.getPorts().get(0).getContainerPort()).isEqualTo(9100);
    assertThat(env(proxy, "AZURE_FEDERATED_TOKEN_FILE"))
        .isEqualTo("/var/run/secrets/azure/tokens/azure-identity-token");
    assertThat(env(pod.getSpec().getInitContainers().get(1), "PROXY_PORT")).isEqualTo("9100");
  }
}
