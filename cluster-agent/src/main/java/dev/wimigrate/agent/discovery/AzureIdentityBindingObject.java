package dev.wimigrate.agent.discovery;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;

/** An AzureIdentityBinding: pods labelled {@code aadpodidbinding=<selector>} get the identity. */
public record AzureIdentityBindingObject(
    String namespace, String name, String azureIdentity, String selector) {

  static AzureIdentityBindingObject from(GenericKubernetesResource resource) {
    Map<String, Object> spec = CustomResources.spec(resource);
    return new AzureIdentityBindingObject(
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        CustomResources.string(spec, "azureIdentity", "AzureIdentity"),
        CustomResources.string(spec, "selector", "Selector"));
  }
}
