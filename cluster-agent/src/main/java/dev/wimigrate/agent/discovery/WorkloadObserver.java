package dev.wimigrate.agent.discovery;

import dev.wimigrate.events.common.WorkloadRef;
import dev.wimigrate.events.inventory.ContainerInfo;
import dev.wimigrate.events.inventory.WorkloadIdentityState;
import dev.wimigrate.events.inventory.WorkloadObserved;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Turns a workload into the {@link WorkloadObserved} report: pure, given the pod identity index and
 * lookups of service accounts and namespace labels.
 */
public final class WorkloadObserver {

  private final String clusterId;
  private final PodIdentityIndex podIdentity;
  private final BiFunction<String, String, ServiceAccount> serviceAccounts;
  private final Function<String, Map<String, String>> namespaceLabels;

  public WorkloadObserver(
      String clusterId,
      PodIdentityIndex podIdentity,
      BiFunction<String, String, ServiceAccount> serviceAccounts,
      Function<String, Map<String, String>> namespaceLabels) {
    this.clusterId = clusterId;
    this.podIdentity = podIdentity;
    this.serviceAccounts = serviceAccounts;
    this.namespaceLabels = namespaceLabels;
  }

  /**
   * The report for a workload that uses pod identity or Workload ID; empty for workloads that use
   * neither (they are no concern of the migration).
   */
  public Optional<WorkloadObserved> observe(WorkloadSource source, Instant now, boolean snapshot) {
    String namespace = source.metadata().getNamespace();
    PodSpec spec = source.template() == null ? null : source.template().getSpec();
    Map<String, String> templateLabels =
        source.template() == null || source.template().getMetadata() == null
            ? Map.of()
            : Objects.requireNonNullElse(source.template().getMetadata().getLabels(), Map.of());
    Map<String, String> templateAnnotations =
        source.template() == null || source.template().getMetadata() == null
            ? Map.of()
            : Objects.requireNonNullElse(
                source.template().getMetadata().getAnnotations(), Map.of());
    String serviceAccountName =
        spec == null
                || spec.getServiceAccountName() == null
                || spec.getServiceAccountName().isBlank()
            ? "default"
            : spec.getServiceAccountName();
    ServiceAccount serviceAccount = serviceAccounts.apply(namespace, serviceAccountName);
    String selector = templateLabels.get(WorkloadObserved.POD_IDENTITY_LABEL);
    WorkloadIdentityState wiState =
        WorkloadTraits.workloadIdentityState(templateLabels, spec, serviceAccount);
    if (selector == null && !wiState.useLabel()) {
      return Optional.empty();
    }
    return Optional.of(
        new WorkloadObserved(
            new WorkloadRef(clusterId, namespace, source.kind(), source.metadata().getName()),
            serviceAccountName,
            selector,
            podIdentity.bindingsFor(namespace, selector),
            WorkloadTraits.operatingSystem(spec),
            spec != null && Boolean.TRUE.equals(spec.getHostNetwork()),
            containers(spec),
            WorkloadTraits.sdkHint(
                source.metadata().getAnnotations(),
                templateAnnotations,
                source.metadata().getLabels()),
            WorkloadTraits.podSecurityLevel(namespaceLabels.apply(namespace)),
            wiState,
            Objects.requireNonNullElse(source.metadata().getLabels(), Map.of()),
            now,
            snapshot));
  }

  private static List<ContainerInfo> containers(PodSpec spec) {
    List<ContainerInfo> result = new ArrayList<>();
    if (spec == null) {
      return result;
    }
    for (Container c : Objects.requireNonNullElse(spec.getInitContainers(), List.<Container>of())) {
      result.add(new ContainerInfo(c.getName(), image(c), true));
    }
    for (Container c : Objects.requireNonNullElse(spec.getContainers(), List.<Container>of())) {
      result.add(new ContainerInfo(c.getName(), image(c), false));
    }
    return result;
  }

  private static String image(Container c) {
    return c.getImage() == null || c.getImage().isBlank() ? "<none>" : c.getImage();
  }
}
