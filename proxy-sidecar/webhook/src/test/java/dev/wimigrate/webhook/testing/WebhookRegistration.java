package dev.wimigrate.webhook.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * Registers the webhook under test with the real apiserver, scoped to namespaces carrying a label
 * unique to this registration so that other tests sharing the control plane are never affected.
 */
public final class WebhookRegistration implements AutoCloseable {

  public static final String SCOPE_LABEL = "wimigrate.dev/webhook-test";

  private final KubernetesClient kube;
  private final String id;
  private final String configurationName;
  private final String webhookName;

  private WebhookRegistration(KubernetesClient kube, String id) {
    this.kube = kube;
    this.id = id;
    this.configurationName = "wimigrate-webhook-test-" + id;
    this.webhookName = "t" + id + ".mutation.wimigrate.dev";
  }

  /** Registers {@code https://127.0.0.1:<port>/mutate-v1-pod} with the given caBundle (PEM). */
  public static WebhookRegistration register(KubernetesClient kube, int port, String caPem) {
    WebhookRegistration registration =
        new WebhookRegistration(kube, UUID.randomUUID().toString().substring(0, 8));
    MutatingWebhookConfiguration configuration =
        new MutatingWebhookConfigurationBuilder()
            .withNewMetadata()
            .withName(registration.configurationName)
            .endMetadata()
            .addNewWebhook()
            .withName(registration.webhookName)
            .withAdmissionReviewVersions("v1")
            .withSideEffects("None")
            .withFailurePolicy("Fail")
            .withMatchPolicy("Equivalent")
            .withReinvocationPolicy("IfNeeded")
            .withTimeoutSeconds(10)
            .withNewClientConfig()
            .withUrl("https://127.0.0.1:" + port + "/mutate-v1-pod")
            .withCaBundle(
                Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)))
            .endClientConfig()
            .addNewRule()
            .withApiGroups("")
            .withApiVersions("v1")
            .withOperations("CREATE")
            .withResources("pods")
            .endRule()
            .withNewNamespaceSelector()
            .addToMatchLabels(SCOPE_LABEL, registration.id)
            .endNamespaceSelector()
            .withNewObjectSelector()
            .addToMatchLabels("azure.workload.identity/use", "true")
            .endObjectSelector()
            .endWebhook()
            .build();
    kube.admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .resource(configuration)
        .create();
    return registration;
  }

  public String webhookName() {
    return webhookName;
  }

  /** A fresh namespace in this registration's scope. */
  public String newNamespace(String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    kube.namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels(SCOPE_LABEL, id)
                .endMetadata()
                .build())
        .create();
    // the service-account controller creates "default"; pods need it
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> kube.serviceAccounts().inNamespace(name).withName("default").get() != null);
    return name;
  }

  /**
   * Waits until the apiserver calls the webhook (its configuration informer picks registrations up
   * asynchronously): dry-run creates of a labelled pod until one comes back mutated.
   */
  public void awaitActive(String namespace) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .ignoreException(KubernetesClientException.class)
        .until(
            () ->
                kube
                    .pods()
                    .inNamespace(namespace)
                    .resource(
                        new PodBuilder()
                            .withNewMetadata()
                            .withName("probe")
                            .addToLabels("azure.workload.identity/use", "true")
                            .endMetadata()
                            .withNewSpec()
                            .addNewContainer()
                            .withName("c")
                            .withImage("busybox")
                            .endContainer()
                            .endSpec()
                            .build())
                    .dryRun()
                    .create()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getEnv()
                    .stream()
                    .anyMatch(e -> e.getName().equals("AZURE_FEDERATED_TOKEN_FILE")));
  }

  @Override
  public void close() {
    kube.admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName(configurationName)
        .delete();
  }
}
