package dev.wimigrate.agent.discovery;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;

/**
 * An {@code aadpodidentity.k8s.io/v1} AzureIdentity as discovery needs it. Type 0 is a
 * user-assigned managed identity, the only kind Workload ID can take over; 1 and 2 are service
 * principals.
 */
public record AzureIdentityObject(
    String namespace, String name, int type, String resourceId, String clientId) {

  public static final int USER_ASSIGNED_MSI = 0;

  public boolean isUserAssignedIdentity() {
    return type == USER_ASSIGNED_MSI;
  }

  static AzureIdentityObject from(GenericKubernetesResource resource) {
    Map<String, Object> spec = CustomResources.spec(resource);
    return new AzureIdentityObject(
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        CustomResources.integer(spec, "type", USER_ASSIGNED_MSI),
        // the CRD accepted both spellings; old manifests use the capitalised one
        CustomResources.string(spec, "resourceID", "ResourceID"),
        CustomResources.string(spec, "clientID", "ClientID"));
  }
}
