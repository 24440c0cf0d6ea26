package dev.wimigrate.agent.discovery;

import dev.wimigrate.events.inventory.InventoryEvent;
import dev.wimigrate.events.inventory.PodIdentityObserved;
import dev.wimigrate.events.inventory.SnapshotCompleted;
import dev.wimigrate.events.inventory.TriggerAuthenticationObserved;
import dev.wimigrate.events.inventory.WorkloadObserved;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the agent reports about its cluster at one moment, computed purely from what was read:
 * pod identity objects, KEDA trigger authentications, every workload that uses pod identity or
 * Workload ID, and the closing {@link SnapshotCompleted}.
 */
public final class ClusterSnapshot {

  private ClusterSnapshot() {}

  /** What the agent read from the apiserver. */
  public record Observed(
      List<HasMetadata> workloadObjects,
      Map<String, ServiceAccount> serviceAccounts,
      Map<String, Map<String, String>> namespaceLabels,
      List<GenericKubernetesResource> azureIdentities,
      List<GenericKubernetesResource> azureIdentityBindings,
      List<GenericKubernetesResource> triggerAuthentications,
      List<GenericKubernetesResource> clusterTriggerAuthentications) {}

  public static List<InventoryEvent> events(
      String clusterId,
      String snapshotId,
      Observed observed,
      boolean forceNamespaced,
      Instant now) {
    List<AzureIdentityObject> identities =
        observed.azureIdentities().stream().map(AzureIdentityObject::from).toList();
    PodIdentityIndex index =
        new PodIdentityIndex(
            identities,
            observed.azureIdentityBindings().stream()
                .map(AzureIdentityBindingObject::from)
                .toList(),
            forceNamespaced);
    WorkloadObserver observer =
        new WorkloadObserver(
            clusterId,
            index,
            (ns, sa) -> observed.serviceAccounts().get(ns + "/" + sa),
            ns -> observed.namespaceLabels().getOrDefault(ns, Map.of()));

    List<InventoryEvent> events = new ArrayList<>();
    for (AzureIdentityObject identity : identities) {
      List<AzureIdentityBindingObject> bindings = index.bindingsOf(identity);
      events.add(
          new PodIdentityObserved(
              clusterId,
              identity.namespace(),
              identity.name(),
              identity.type(),
              identity.resourceId(),
              identity.clientId(),
              bindings.stream().map(AzureIdentityBindingObject::name).toList(),
              bindings.stream().map(AzureIdentityBindingObject::selector).distinct().toList(),
              false,
              now));
    }
    observed.triggerAuthentications().stream()
        .map(t -> KedaAuthentication.observe(clusterId, t, false, now))
        .flatMap(Optional::stream)
        .forEach(events::add);
    observed.clusterTriggerAuthentications().stream()
        .map(t -> KedaAuthentication.observe(clusterId, t, true, now))
        .flatMap(Optional::stream)
        .forEach(events::add);
    List<WorkloadObserved> workloads =
        observed.workloadObjects().stream()
            .map(WorkloadSource::of)
            .flatMap(Optional::stream)
            .map(source -> observer.observe(source, now, true))
            .flatMap(Optional::stream)
            .sorted(Comparator.comparing(w -> w.workload().key()))
            .toList();
    events.addAll(workloads);
    events.add(new SnapshotCompleted(clusterId, snapshotId, workloads.size(), now, null));
    return events;
  }

  /**
   * Reads the TriggerAuthentications that use pod identity (provider {@code azure}) or Workload ID.
   */
  static final class KedaAuthentication {
    private KedaAuthentication() {}

    static Optional<TriggerAuthenticationObserved> observe(
        String clusterId, GenericKubernetesResource resource, boolean clusterScoped, Instant now) {
      Map<String, Object> podIdentity =
          CustomResources.map(CustomResources.spec(resource), "podIdentity");
      String provider = CustomResources.string(podIdentity, "provider");
      if (provider == null || !provider.startsWith("azure")) {
        return Optional.empty();
      }
      return Optional.of(
          new TriggerAuthenticationObserved(
              clusterId,
              clusterScoped ? null : resource.getMetadata().getNamespace(),
              resource.getMetadata().getName(),
              clusterScoped,
              provider,
              CustomResources.string(podIdentity, "identityId"),
              false,
              now));
    }
  }
}
