package dev.wimigrate.agent.discovery;

import dev.wimigrate.events.common.OperatingSystem;
import dev.wimigrate.events.common.SdkGeneration;
import dev.wimigrate.events.inventory.WorkloadIdentityState;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** Pure readers of what a pod template says about its OS, SDK and Workload ID state. */
public final class WorkloadTraits {

  public static final String OS_LABEL = "kubernetes.io/os";
  public static final String LEGACY_OS_LABEL = "beta.kubernetes.io/os";

  /**
   * Annotation (or label) a team sets on the workload to say which Azure SDK generation it uses.
   */
  public static final String SDK_HINT = "wimigrate.dev/azure-sdk";

  public static final String WI_USE_LABEL = "azure.workload.identity/use";
  public static final String WI_CLIENT_ID = "azure.workload.identity/client-id";
  public static final String WI_SIDECAR_CONTAINER = "azwi-proxy";
  public static final String WI_TOKEN_FILE_ENV = "AZURE_FEDERATED_TOKEN_FILE";

  private WorkloadTraits() {}

  /**
   * The OS the pods run on. An explicit node selector or required node affinity on {@code
   * kubernetes.io/os} decides; a toleration of a Windows taint without a selector is taken as
   * Windows. With no OS constraint at all the pods are Linux: Windows pods cannot start on Linux
   * nodes, so AKS requires them to select Windows nodes.
   */
  public static OperatingSystem operatingSystem(PodSpec spec) {
    if (spec == null) {
      return OperatingSystem.UNKNOWN;
    }
    Map<String, String> selector =
        spec.getNodeSelector() == null ? Map.of() : spec.getNodeSelector();
    String selected =
        Objects.requireNonNullElse(
            selector.get(OS_LABEL), selector.getOrDefault(LEGACY_OS_LABEL, ""));
    if (!selected.isEmpty()) {
      return os(selected);
    }
    List<String> affinityValues = requiredOsAffinity(spec.getAffinity());
    if (!affinityValues.isEmpty()) {
      boolean windows = affinityValues.stream().anyMatch(v -> os(v) == OperatingSystem.WINDOWS);
      boolean linux = affinityValues.stream().anyMatch(v -> os(v) == OperatingSystem.LINUX);
      return windows == linux
          ? OperatingSystem.UNKNOWN
          : windows ? OperatingSystem.WINDOWS : OperatingSystem.LINUX;
    }
    if (spec.getOs() != null && spec.getOs().getName() != null) {
      return os(spec.getOs().getName());
    }
    List<Toleration> tolerations =
        spec.getTolerations() == null ? List.of() : spec.getTolerations();
    boolean toleratesWindows =
        tolerations.stream()
            .anyMatch(
                t ->
                    "windows".equalsIgnoreCase(Objects.requireNonNullElse(t.getValue(), ""))
                        && ("os".equals(t.getKey()) || OS_LABEL.equals(t.getKey())));
    return toleratesWindows ? OperatingSystem.WINDOWS : OperatingSystem.LINUX;
  }

  private static OperatingSystem os(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "linux" -> OperatingSystem.LINUX;
      case "windows" -> OperatingSystem.WINDOWS;
      default -> OperatingSystem.UNKNOWN;
    };
  }

  private static List<String> requiredOsAffinity(Affinity affinity) {
    if (affinity == null
        || affinity.getNodeAffinity() == null
        || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return List.of();
    }
    List<NodeSelectorTerm> terms =
        affinity
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms();
    return terms == null
        ? List.of()
        : terms.stream()
            .flatMap(
                t ->
                    t.getMatchExpressions() == null
                        ? Stream.empty()
                        : t.getMatchExpressions().stream())
            .filter(r -> OS_LABEL.equals(r.getKey()) || LEGACY_OS_LABEL.equals(r.getKey()))
            .filter(r -> "In".equals(r.getOperator()))
            .map(NodeSelectorRequirement::getValues)
            .filter(Objects::nonNull)
            .flatMap(List::stream)
            .toList();
  }

  /** The SDK generation a team declared on the workload or its pod template, if any. */
  public static SdkGeneration sdkHint(
      Map<String, String> workloadAnnotations,
      Map<String, String> templateAnnotations,
      Map<String, String> labels) {
    String hint =
        Stream.of(workloadAnnotations, templateAnnotations, labels)
            .filter(Objects::nonNull)
            .map(m -> m.get(SDK_HINT))
            .filter(Objects::nonNull)
            .findFirst()
            .orElse("");
    return switch (hint.trim().toLowerCase(Locale.ROOT)) {
      case "latest", "workload-identity", "current" -> SdkGeneration.LATEST;
      case "legacy", "imds", "old" -> SdkGeneration.LEGACY;
      default -> SdkGeneration.UNKNOWN;
    };
  }

  /** How far the workload is on Workload ID already (label, SA annotation, sidecar, token). */
  public static WorkloadIdentityState workloadIdentityState(
      Map<String, String> templateLabels, PodSpec spec, ServiceAccount serviceAccount) {
    boolean useLabel =
        "true".equals(templateLabels == null ? null : templateLabels.get(WI_USE_LABEL));
    String clientId =
        serviceAccount == null || serviceAccount.getMetadata().getAnnotations() == null
            ? null
            : serviceAccount.getMetadata().getAnnotations().get(WI_CLIENT_ID);
    List<Container> containers =
        spec == null || spec.getContainers() == null ? List.of() : spec.getContainers();
    List<Container> inits =
        spec == null || spec.getInitContainers() == null ? List.of() : spec.getInitContainers();
    boolean sidecar =
        Stream.concat(containers.stream(), inits.stream())
            .anyMatch(c -> WI_SIDECAR_CONTAINER.equals(c.getName()));
    List<Volume> volumes =
        spec == null || spec.getVolumes() == null ? List.of() : spec.getVolumes();
    boolean tokenVolume =
        volumes.stream()
                .anyMatch(
                    v ->
                        v.getProjected() != null
                            && v.getProjected().getSources() != null
                            && v.getProjected().getSources().stream()
                                .anyMatch(
                                    s ->
                                        s.getServiceAccountToken() != null
                                            && "api://AzureADTokenExchange"
                                                .equals(s.getServiceAccountToken().getAudience())))
            || containers.stream()
                .anyMatch(
                    c ->
                        c.getEnv() != null
                            && c.getEnv().stream()
                                .anyMatch(e -> WI_TOKEN_FILE_ENV.equals(e.getName())));
    return new WorkloadIdentityState(useLabel, clientId, sidecar, tokenVolume);
  }

  /** The Pod Security Admission level enforced on a namespace, if set. */
  public static String podSecurityLevel(Map<String, String> namespaceLabels) {
    String level =
        namespaceLabels == null ? null : namespaceLabels.get("pod-security.kubernetes.io/enforce");
    return level == null || !List.of("privileged", "baseline", "restricted").contains(level)
        ? null
        : level;
  }
}
