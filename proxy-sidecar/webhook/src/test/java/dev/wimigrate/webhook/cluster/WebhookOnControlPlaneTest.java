package dev.wimigrate.webhook.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wimigrate.webhook.mutation.TokenLayout;
import dev.wimigrate.webhook.testing.Https;
import dev.wimigrate.webhook.testing.WebhookRegistration;
import dev.wimigrate.webhook.testing.WebhookTestResource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The webhook registered with the real kube-apiserver (1.34, so native sidecars): pods and
 * Deployments are created through the apiserver, and the assertions read the pod the apiserver
 * stored.
 */
@QuarkusTest
@WithTestResource(WebhookTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookOnControlPlaneTest {

  static final String CLIENT = "0b7e4a9c-2222-4d4d-8e8e-000000000002";

  @Inject KubernetesClient kube;

  WebhookRegistration registration;
  String namespace;

  @BeforeAll
  void register() {
    registration = WebhookRegistration.register(kube, Https.port(), Https.caPem());
    namespace = registration.newNamespace("wh-cp");
    serviceAccount("wi-sa", Map.of("azure.workload.identity/client-id", CLIENT));
    serviceAccount(
        "sa-expiry",
        Map.of(
            "azure.workload.identity/client-id",
            CLIENT,
            "azure.workload.identity/service-account-token-expiration",
            "7200"));
    registration.awaitActive(namespace);
  }

  @AfterAll
  void unregister() {
    registration.close();
    kube.namespaces().withName(namespace).delete();
  }

  void serviceAccount(String name, Map<String, String> annotations) {
    kube.serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withAnnotations(annotations)
                .endMetadata()
                .build())
        .create();
  }

  Pod create(String name, String sa, Map<String, String> annotations, boolean labelled) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withAnnotations(annotations)
            .endMetadata()
            .withNewSpec()
            .withServiceAccountName(sa)
            .addNewContainer()
            .withName("app")
            .withImage("nginx")
            .endContainer()
            .addNewContainer()
            .withName("istio-proxy")
            .withImage("istio/proxyv2")
            .endContainer()
            .endSpec();
    if (labelled) {
      pod.editMetadata().addToLabels("azure.workload.identity/use", "true").endMetadata();
    }
    kube.pods().inNamespace(namespace).resource(pod.build()).create();
    return stored(name);
  }

  Pod create(String name, Map<String, String> annotations) {
    return create(name, "wi-sa", annotations, true);
  }

  Pod stored(String name) {
    return kube.pods().inNamespace(namespace).withName(name).get();
  }

  static Container container(List<Container> list, String name) {
    return list.stream().filter(c -> c.getName().equals(name)).findFirst().orElse(null);
  }

  static Optional<String> env(Container c, String name) {
    return c.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst();
  }

  static Volume tokenVolume(Pod pod) {
    return pod.getSpec().getVolumes().stream()
        .filter(v -> v.getName().startsWith("azure-workload-identity-reserved-"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no token volume in " + pod.getSpec().getVolumes()));
  }

  static long expiration(Pod pod) {
    return tokenVolume(pod)
        .getProjected()
        .getSources()
        .get(0)
        .getServiceAccountToken()
        .getExpirationSeconds();
  }

  @Test
  void labelledPodIsStoredWithTokenVolumeMountAndIdentityVariables() {
    Pod pod = create("plain", Map.of());

    Volume volume = tokenVolume(pod);
    assertThat(volume.getName()).isEqualTo(TokenLayout.V1_6.volumeName("plain"));
    var token = volume.getProjected().getSources().get(0).getServiceAccountToken();
    assertThat(token.getAudience()).isEqualTo("api://AzureADTokenExchange");
    assertThat(token.getPath()).isEqualTo("token/azure-identity-token");
    assertThat(token.getExpirationSeconds()).isEqualTo(3600);
    Container app = container(pod.getSpec().getContainers(), "app");
    assertThat(env(app, "AZURE_CLIENT_ID")).contains(CLIENT);
    assertThat(env(app, "AZURE_TENANT_ID")).contains(WebhookTestResource.TENANT);
    assertThat(env(app, "AZURE_FEDERATED_TOKEN_FILE"))
        .contains("/var/run/secrets/azure/wi/token/azure-identity-token");
    assertThat(env(app, "AZURE_AUTHORITY_HOST")).contains("https://login.microsoftonline.com/");
    assertThat(app.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getName()).isEqualTo(volume.getName());
              assertThat(m.getMountPath()).isEqualTo("/var/run/secrets/azure/wi");
              assertThat(m.getReadOnly()).isTrue();
            });
    assertThat(pod.getSpec().getInitContainers()).isEmpty();
  }

  @Test
  void unlabelledPodIsNotSentToTheWebhook() {
    Pod pod = create("unlabelled", "wi-sa", Map.of(), false);
    assertThat(pod.getSpec().getVolumes())
        .noneMatch(v -> v.getName().startsWith("azure-workload-identity-reserved-"));
    assertThat(container(pod.getSpec().getContainers(), "app").getEnv()).isEmpty();
  }

  @Test
  void proxySidecarIsANativeSidecarOnKubernetes134() {
    Pod pod = create("with-proxy", Map.of("azure.workload.identity/inject-proxy-sidecar", "true"));

    List<Container> init = pod.getSpec().getInitContainers();
    assertThat(init)
        .extracting(Container::getName)
        .containsExactly("azwi-proxy", "azwi-proxy-init");
    Container proxy = init.get(0);
    assertThat(proxy.getRestartPolicy()).isEqualTo("Always");
    assertThat(proxy.getArgs()).containsExactly("--proxy-port=8000", "--log-level=info");
    assertThat(proxy.getLifecycle().getPostStart().getExec().getCommand())
        .containsExactly("/proxy", "--proxy-port=8000", "--probe", "--log-level=info");
    assertThat(env(proxy, "AZURE_CLIENT_ID")).contains(CLIENT);
    Container proxyInit = init.get(1);
    assertThat(proxyInit.getSecurityContext().getPrivileged()).isTrue();
    assertThat(proxyInit.getSecurityContext().getCapabilities().getAdd())
        .containsExactly("NET_ADMIN");
    assertThat(env(proxyInit, "PROXY_PORT")).contains("8000");
    assertThat(pod.getSpec().getContainers())
        .extracting(Container::getName)
        .containsExactly("app", "istio-proxy");
  }

  @Test
  void injectProxySidecarFalseInjectsNothing() {
    Pod pod =
        create("proxy-false", Map.of("azure.workload.identity/inject-proxy-sidecar", "false"));
    assertThat(pod.getSpec().getInitContainers()).isEmpty();
    assertThat(pod.getSpec().getContainers())
        .extracting(Container::getName)
        .containsExactly("app", "istio-proxy");
    assertThat(env(container(pod.getSpec().getContainers(), "app"), "AZURE_CLIENT_ID"))
        .contains(CLIENT);
  }

  @Test
  void skippedContainerIsStoredUntouched() {
    Pod pod = create("skip", Map.of("azure.workload.identity/skip-containers", "istio-proxy"));
    Container istio = container(pod.getSpec().getContainers(), "istio-proxy");
    assertThat(istio.getEnv()).isEmpty();
    assertThat(istio.getVolumeMounts())
        .noneMatch(m -> m.getName().startsWith("azure-workload-identity-reserved-"));
    assertThat(env(container(pod.getSpec().getContainers(), "app"), "AZURE_CLIENT_ID"))
        .contains(CLIENT);
  }

  @Test
  void tokenExpirationOnThePodWins() {
    Pod pod =
        create(
            "expiry-pod",
            "sa-expiry",
            Map.of("azure.workload.identity/service-account-token-expiration", "5400"),
            true);
    assertThat(expiration(pod)).isEqualTo(5400);
  }

  @Test
  void tokenExpirationOfTheServiceAccountAppliesOtherwise() {
    assertThat(expiration(create("expiry-sa", "sa-expiry", Map.of(), true))).isEqualTo(7200);
  }

  @Test
  void invalidTokenExpirationIsDeniedWithTheWebhooksMessage() {
    KubernetesClientException denied =
        catchThrowableOfType(
            KubernetesClientException.class,
            () ->
                create(
                    "expiry-invalid",
                    Map.of("azure.workload.identity/service-account-token-expiration", "100")));

    assertThat(denied.getCode()).isEqualTo(400);
    assertThat(denied.getStatus().getMessage())
        .isEqualTo(
            "admission webhook \""
                + registration.webhookName()
                + "\" denied the request: token expiration 100 (annotation"
                + " azure.workload.identity/service-account-token-expiration on pod) not valid."
                + " Expected value to be between 3600 and 86400");
    assertThat(stored("expiry-invalid")).isNull();
  }

  @Test
  void hostNetworkPodAskingForTheProxyIsDenied() {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("host-network")
            .addToLabels("azure.workload.identity/use", "true")
            .addToAnnotations("azure.workload.identity/inject-proxy-sidecar", "true")
            .endMetadata()
            .withNewSpec()
            .withServiceAccountName("wi-sa")
            .withHostNetwork(true)
            .addNewContainer()
            .withName("app")
            .withImage("nginx")
            .endContainer()
            .endSpec()
            .build();
    KubernetesClientException denied =
        catchThrowableOfType(
            KubernetesClientException.class,
            () -> kube.pods().inNamespace(namespace).resource(pod).create());
    assertThat(denied.getStatus().getMessage())
        .endsWith("denied the request: hostNetwork is set to true, cannot inject proxy sidecar");
  }

  @Test
  void deploymentPodsAreMutatedWithAVolumeNamedAfterTheirGenerateName() {
    kube.apps()
        .deployments()
        .inNamespace(namespace)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("web")
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .addToMatchLabels("app", "web")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "web")
                .addToLabels("azure.workload.identity/use", "true")
                .addToAnnotations("azure.workload.identity/inject-proxy-sidecar", "true")
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName("wi-sa")
                .addNewContainer()
                .withName("web")
                .withImage("nginx")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();

    Pod pod =
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    kube
                        .pods()
                        .inNamespace(namespace)
                        .withLabel("app", "web")
                        .list()
                        .getItems()
                        .stream()
                        .findFirst()
                        .orElse(null),
                p -> p != null);

    assertThat(pod.getMetadata().getGenerateName()).startsWith("web-");
    assertThat(tokenVolume(pod).getName())
        .isEqualTo(TokenLayout.V1_6.volumeName(pod.getMetadata().getGenerateName() + " (prefix)"));
    assertThat(pod.getMetadata().getNamespace()).isEqualTo(namespace);
    assertThat(pod.getSpec().getInitContainers())
        .extracting(Container::getName)
        .containsExactly("azwi-proxy", "azwi-proxy-init");
    assertThat(env(container(pod.getSpec().getContainers(), "web"), "AZURE_CLIENT_ID"))
        .contains(CLIENT);
  }

  @Test
  void reinvocationAndStoredDefaultsLeaveTheWebhooksWorkIntact() {
    // a pod the webhook already mutated (as a template copied from a stored pod would be)
    Pod first = create("first", Map.of("azure.workload.identity/inject-proxy-sidecar", "true"));
    Pod copy =
        new PodBuilder(first)
            .editMetadata()
            .withName("copy")
            .withResourceVersion(null)
            .withUid(null)
            .withCreationTimestamp(null)
            .withManagedFields(List.of())
            .endMetadata()
            .editSpec()
            .withNodeName(null)
            .endSpec()
            .withStatus(null)
            .build();
    copy.getSpec()
        .setVolumes(
            copy.getSpec().getVolumes().stream()
                .filter(v -> !v.getName().startsWith("kube-api-access-"))
                .toList());
    copy.getSpec()
        .getContainers()
        .forEach(
            c -> c.getVolumeMounts().removeIf(m -> m.getName().startsWith("kube-api-access-")));
    copy.getSpec()
        .getInitContainers()
        .forEach(
            c -> c.getVolumeMounts().removeIf(m -> m.getName().startsWith("kube-api-access-")));
    kube.pods().inNamespace(namespace).resource(copy).create();

    Pod stored = stored("copy");
    assertThat(stored.getSpec().getInitContainers())
        .extracting(Container::getName)
        .containsExactly("azwi-proxy", "azwi-proxy-init");
    Container app = container(stored.getSpec().getContainers(), "app");
    assertThat(app.getEnv().stream().filter(e -> e.getName().equals("AZURE_CLIENT_ID"))).hasSize(1);
    // the volume follows the new pod's name; the copied one stays, as the reference leaves it
    assertThat(stored.getSpec().getVolumes())
        .extracting(Volume::getName)
        .contains(TokenLayout.V1_6.volumeName("copy"));
  }
}
