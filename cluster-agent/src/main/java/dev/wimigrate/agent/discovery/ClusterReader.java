package dev.wimigrate.agent.discovery;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * The agent's read side of the Kubernetes API: lists of workloads, service accounts, namespaces and
 * the pod identity and KEDA custom resources. Missing CRDs (404) are not an error: a cluster
 * without aad-pod-identity or KEDA simply has none of those objects.
 */
@ApplicationScoped
public class ClusterReader {

  static final String POD_IDENTITY_API = "aadpodidentity.k8s.io/v1";
  static final String KEDA_API = "keda.sh/v1alpha1";
  private static final Logger LOG = Logger.getLogger(ClusterReader.class);

  private final KubernetesClient kube;

  public ClusterReader(KubernetesClient kube) {
    this.kube = kube;
  }

  /** Every object that may be a top-level workload, in all namespaces. */
  public List<HasMetadata> workloadObjects() {
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(kube.apps().deployments().inAnyNamespace().list().getItems());
    all.addAll(kube.apps().statefulSets().inAnyNamespace().list().getItems());
    all.addAll(kube.apps().daemonSets().inAnyNamespace().list().getItems());
    all.addAll(kube.batch().v1().cronjobs().inAnyNamespace().list().getItems());
    all.addAll(kube.batch().v1().jobs().inAnyNamespace().list().getItems());
    all.addAll(kube.pods().inAnyNamespace().list().getItems());
    return all;
  }

  public Map<String, ServiceAccount> serviceAccounts() {
    Map<String, ServiceAccount> byKey = new HashMap<>();
    kube.serviceAccounts()
        .inAnyNamespace()
        .list()
        .getItems()
        .forEach(
            sa ->
                byKey.put(sa.getMetadata().getNamespace() + "/" + sa.getMetadata().getName(), sa));
    return byKey;
  }

  /** The one service account a workload runs as, keyed like {@link #serviceAccounts()}. */
  public Map<String, ServiceAccount> serviceAccountOf(WorkloadSource source) {
    String namespace = source.metadata().getNamespace();
    String name =
        source.template() == null
                || source.template().getSpec() == null
                || source.template().getSpec().getServiceAccountName() == null
                || source.template().getSpec().getServiceAccountName().isBlank()
            ? "default"
            : source.template().getSpec().getServiceAccountName();
    ServiceAccount account = kube.serviceAccounts().inNamespace(namespace).withName(name).get();
    return account == null ? Map.of() : Map.of(namespace + "/" + name, account);
  }

  public Map<String, Map<String, String>> namespaceLabels() {
    Map<String, Map<String, String>> labels = new HashMap<>();
    for (Namespace ns : kube.namespaces().list().getItems()) {
      labels.put(
          ns.getMetadata().getName(),
          Objects.requireNonNullElse(ns.getMetadata().getLabels(), Map.of()));
    }
    return labels;
  }

  public List<GenericKubernetesResource> azureIdentities() {
    return customResources(POD_IDENTITY_API, "AzureIdentity", "azureidentities", true);
  }

  public List<GenericKubernetesResource> azureIdentityBindings() {
    return customResources(POD_IDENTITY_API, "AzureIdentityBinding", "azureidentitybindings", true);
  }

  public List<GenericKubernetesResource> triggerAuthentications() {
    return customResources(KEDA_API, "TriggerAuthentication", "triggerauthentications", true);
  }

  public List<GenericKubernetesResource> clusterTriggerAuthentications() {
    return customResources(
        KEDA_API, "ClusterTriggerAuthentication", "clustertriggerauthentications", false);
  }

  /**
   * Lists a custom resource that may not be installed. The definition is spelled out rather than
   * discovered: discovery fails for an API group the cluster does not serve, and a missing CRD (a
   * cluster without KEDA, say) simply means there is nothing of that kind.
   */
  private List<GenericKubernetesResource> customResources(
      String apiVersion, String kind, String plural, boolean namespaced) {
    int slash = apiVersion.indexOf('/');
    ResourceDefinitionContext definition =
        new ResourceDefinitionContext.Builder()
            .withGroup(apiVersion.substring(0, slash))
            .withVersion(apiVersion.substring(slash + 1))
            .withKind(kind)
            .withPlural(plural)
            .withNamespaced(namespaced)
            .build();
    try {
      return namespaced
          ? kube.genericKubernetesResources(definition).inAnyNamespace().list().getItems()
          : kube.genericKubernetesResources(definition).list().getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        LOG.debugf("%s/%s not installed", apiVersion, kind);
        return List.of();
      }
      throw e;
    }
  }
}
