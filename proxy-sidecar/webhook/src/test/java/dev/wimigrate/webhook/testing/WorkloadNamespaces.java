package dev.wimigrate.webhook.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.UUID;

/** Fresh namespaces in the real apiserver holding a service account that has a client id. */
public final class WorkloadNamespaces {

  private WorkloadNamespaces() {}

  /**
   * Creates {@code <prefix>-<random>} and in it {@code serviceAccount}, annotated with {@code
   * clientId}; returns the namespace.
   */
  public static String withServiceAccount(
      KubernetesClient kube, String prefix, String serviceAccount, String clientId) {
    String namespace = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    kube.resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    kube.resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(serviceAccount)
                .addToAnnotations("azure.workload.identity/client-id", clientId)
                .endMetadata()
                .build())
        .create();
    return namespace;
  }
}
