package dev.wimigrate.agent.discovery;

import dev.wimigrate.events.inventory.PodIdentityBindingRef;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which AzureIdentityBindings (and through them AzureIdentities) apply to a pod label value.
 *
 * <p>aad-pod-identity matches bindings to pods in any namespace unless it runs with {@code
 * forceNamespaced}, in which case only bindings of the pod's own namespace count; the identity a
 * binding names is looked up in the binding's namespace. Every matching binding is reported, in
 * (namespace, name) order, so several bindings on one selector are visible to the planner instead
 * of silently picking one.
 */
public final class PodIdentityIndex {

  private final List<AzureIdentityBindingObject> bindings;
  private final Map<String, AzureIdentityObject> identities;
  private final boolean forceNamespaced;

  public PodIdentityIndex(
      List<AzureIdentityObject> identities,
      List<AzureIdentityBindingObject> bindings,
      boolean forceNamespaced) {
    this.identities =
        identities.stream()
            .collect(
                Collectors.toMap(
                    i -> i.namespace() + "/" + i.name(), Function.identity(), (a, b) -> a));
    this.bindings =
        bindings.stream()
            .filter(b -> b.selector() != null && b.azureIdentity() != null)
            .sorted(
                Comparator.comparing(AzureIdentityBindingObject::namespace)
                    .thenComparing(AzureIdentityBindingObject::name))
            .toList();
    this.forceNamespaced = forceNamespaced;
  }

  public static PodIdentityIndex empty() {
    return new PodIdentityIndex(List.of(), List.of(), false);
  }

  /** The bindings whose selector equals {@code selector}, for a pod in {@code podNamespace}. */
  public List<PodIdentityBindingRef> bindingsFor(String podNamespace, String selector) {
    if (selector == null || selector.isBlank()) {
      return List.of();
    }
    return bindings.stream()
        .filter(b -> b.selector().equals(selector))
        .filter(b -> !forceNamespaced || b.namespace().equals(podNamespace))
        .map(this::resolve)
        .toList();
  }

  /** The identity a binding names, when it exists. */
  public Optional<AzureIdentityObject> identity(String namespace, String name) {
    return Optional.ofNullable(identities.get(namespace + "/" + name));
  }

  /** Selectors of the bindings that name this identity. */
  public List<AzureIdentityBindingObject> bindingsOf(AzureIdentityObject identity) {
    return bindings.stream()
        .filter(
            b ->
                b.namespace().equals(identity.namespace())
                    && b.azureIdentity().equals(identity.name()))
        .toList();
  }

  private PodIdentityBindingRef resolve(AzureIdentityBindingObject binding) {
    // a binding to a missing identity is reported with no ids, so the planner can flag it
    AzureIdentityObject identity =
        identity(binding.namespace(), binding.azureIdentity()).orElse(null);
    return new PodIdentityBindingRef(
        binding.name(),
        binding.azureIdentity(),
        identity == null ? null : identity.resourceId(),
        identity == null ? null : identity.clientId(),
        identity == null ? AzureIdentityObject.USER_ASSIGNED_MSI : identity.type());
  }
}
