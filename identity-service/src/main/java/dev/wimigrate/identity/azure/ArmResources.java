package dev.wimigrate.identity.azure;

import static dev.wimigrate.azurekit.AzureCalls.call;

import com.azure.core.management.polling.PollResult;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentInner;
import com.azure.resourcemanager.authorization.models.PrincipalType;
import com.azure.resourcemanager.authorization.models.RoleAssignmentCreateParameters;
import com.azure.resourcemanager.containerservice.ContainerServiceManager;
import com.azure.resourcemanager.containerservice.fluent.models.ManagedClusterInner;
import com.azure.resourcemanager.containerservice.models.ManagedClusterOidcIssuerProfile;
import com.azure.resourcemanager.containerservice.models.ManagedClusterPodIdentity;
import com.azure.resourcemanager.containerservice.models.ManagedClusterPodIdentityProfile;
import com.azure.resourcemanager.containerservice.models.ManagedClusterSecurityProfile;
import com.azure.resourcemanager.containerservice.models.ManagedClusterSecurityProfileWorkloadIdentity;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.msi.fluent.UserAssignedIdentitiesClient;
import com.azure.resourcemanager.msi.fluent.models.IdentityInner;
import dev.wimigrate.azurekit.AzureCallException;
import dev.wimigrate.azurekit.AzureConnection;
import dev.wimigrate.identity.cluster.ClusterChange;
import dev.wimigrate.identity.cluster.ClusterState;
import dev.wimigrate.identity.rbac.Assignment;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@link AzureResources} through the Azure SDK for Java's management clients (msi, authorization,
 * containerservice) on the shared pipeline, which has no retry policy: the worker's {@code Retrier}
 * decides, and counts, every retry.
 */
public final class ArmResources implements AzureResources {

  private final AzureConnection azure;
  private final Map<String, Object> managers = new ConcurrentHashMap<>();

  public ArmResources(AzureConnection azure) {
    this.azure = azure;
  }

  // ------------------------------------------------------------------ identities

  @Override
  public IdentityIds getIdentity(String resourceId) {
    return identityCall(
        "get identity",
        resourceId,
        (client, id) -> client.getByResourceGroup(id.resourceGroup(), id.name()));
  }

  @Override
  public IdentityIds createIdentity(String resourceId, String location, Map<String, String> tags) {
    IdentityInner body = new IdentityInner().withLocation(location).withTags(tags);
    return identityCall(
        "create identity",
        resourceId,
        (client, id) -> client.createOrUpdate(id.resourceGroup(), id.name(), body));
  }

  private IdentityIds identityCall(
      String operation,
      String resourceId,
      BiFunction<UserAssignedIdentitiesClient, ArmId, IdentityInner> request) {
    ArmId id = ArmId.identity(resourceId);
    UserAssignedIdentitiesClient client =
        msi(id.subscription()).serviceClient().getUserAssignedIdentities();
    return call(operation + " " + id.name(), () -> ids(resourceId, request.apply(client, id)));
  }

  private static IdentityIds ids(String resourceId, IdentityInner inner) {
    return new IdentityIds(
        inner.id() == null ? resourceId : inner.id(),
        Objects.toString(inner.clientId(), null),
        Objects.toString(inner.principalId(), null),
        Objects.toString(inner.tenantId(), null),
        inner.location());
  }

  // ------------------------------------------------------------------ role assignments

  @Override
  public List<Assignment> roleAssignments(String subscriptionId, String principalId) {
    return call(
        "list role assignments of principal " + principalId,
        () ->
            authorization(subscriptionId)
                .roleServiceClient()
                .getRoleAssignments()
                .list(filter("principalId eq '" + principalId + "'"), null, Context.NONE)
                .stream()
                .map(ArmResources::assignment)
                .toList());
  }

  /** The client sends {@code $filter} as given: it must be percent-encoded already. */
  static String filter(String expression) {
    return URLEncoder.encode(expression, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Assignment assignment(RoleAssignmentInner inner) {
    return new Assignment(
        inner.roleDefinitionId(), inner.scope(), inner.condition(), inner.conditionVersion());
  }

  @Override
  public boolean assignRole(String subscriptionId, Assignment assignment, String principalId) {
    RoleAssignmentCreateParameters body =
        new RoleAssignmentCreateParameters()
            .withRoleDefinitionId(assignment.roleDefinitionId())
            .withPrincipalId(principalId)
            // the principal may be minutes old: with its type ARM does not wait for replication
            .withPrincipalType(PrincipalType.SERVICE_PRINCIPAL)
            .withCondition(assignment.condition())
            .withConditionVersion(assignment.conditionVersion())
            .withDescription("copied by wimigrate");
    try {
      call(
          "assign role " + assignment.roleGuid() + " at " + assignment.scope(),
          () ->
              authorization(subscriptionId)
                  .roleServiceClient()
                  .getRoleAssignments()
                  .create(assignment.scope(), assignmentName(assignment, principalId), body));
      return true;
    } catch (AzureCallException e) {
      if (e.status() == 409 && "RoleAssignmentExists".equals(e.code())) {
        return false; // the same grant under another name: made by hand or an earlier tool
      }
      throw e;
    }
  }

  /** The same principal, role and scope always get the same assignment name (a GUID). */
  static String assignmentName(Assignment assignment, String principalId) {
    String key = principalId.toLowerCase(Locale.ROOT) + "|" + assignment.grantKey();
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
  }

  // ------------------------------------------------------------------ managed clusters

  private record ArmCluster(ManagedClusterInner inner, ClusterState state) implements Cluster {}

  @Override
  public Cluster getCluster(String clusterResourceId) {
    ArmId id = ArmId.cluster(clusterResourceId);
    ManagedClusterInner inner =
        call(
            "get managed cluster " + id.name(),
            () ->
                containers(id.subscription())
                    .serviceClient()
                    .getManagedClusters()
                    .getByResourceGroup(id.resourceGroup(), id.name()));
    return new ArmCluster(inner, state(inner));
  }

  private static ClusterState state(ManagedClusterInner inner) {
    ManagedClusterOidcIssuerProfile oidc = inner.oidcIssuerProfile();
    ManagedClusterSecurityProfileWorkloadIdentity wi =
        inner.securityProfile() == null ? null : inner.securityProfile().workloadIdentity();
    ManagedClusterPodIdentityProfile pod = inner.podIdentityProfile();
    List<String> podIdentities =
        pod == null || pod.userAssignedIdentities() == null
            ? List.of()
            : pod.userAssignedIdentities().stream().map(ArmResources::podIdentityName).toList();
    return new ClusterState(
        inner.provisioningState(),
        oidc != null && Boolean.TRUE.equals(oidc.enabled()),
        oidc == null ? null : oidc.issuerUrl(),
        wi != null && Boolean.TRUE.equals(wi.enabled()),
        pod != null && Boolean.TRUE.equals(pod.enabled()),
        podIdentities);
  }

  private static String podIdentityName(ManagedClusterPodIdentity p) {
    return p.namespace() + "/" + p.name();
  }

  @Override
  public ClusterOperation beginUpdate(
      String clusterResourceId, Cluster cluster, ClusterChange change) {
    ArmId id = ArmId.cluster(clusterResourceId);
    ManagedClusterInner inner = ((ArmCluster) cluster).inner();
    if (change.enableOidcIssuer()) {
      inner.withOidcIssuerProfile(new ManagedClusterOidcIssuerProfile().withEnabled(true));
    }
    if (change.enableWorkloadIdentity()) {
      ManagedClusterSecurityProfile security =
          inner.securityProfile() == null
              ? new ManagedClusterSecurityProfile()
              : inner.securityProfile();
      inner.withSecurityProfile(
          security.withWorkloadIdentity(
              new ManagedClusterSecurityProfileWorkloadIdentity().withEnabled(true)));
    }
    ManagedClusterPodIdentityProfile pod = inner.podIdentityProfile();
    if (pod != null && pod.userAssignedIdentities() != null) {
      List<ManagedClusterPodIdentity> kept = new ArrayList<>(pod.userAssignedIdentities());
      kept.removeIf(p -> change.removePodIdentities().contains(podIdentityName(p)));
      pod.withUserAssignedIdentities(kept);
    }
    if (pod != null && change.disablePodIdentity()) {
      pod.withEnabled(false);
    }
    SyncPoller<PollResult<ManagedClusterInner>, ManagedClusterInner> poller =
        call(
            "update managed cluster " + id.name(),
            () ->
                containers(id.subscription())
                    .serviceClient()
                    .getManagedClusters()
                    .beginCreateOrUpdate(id.resourceGroup(), id.name(), inner));
    return () ->
        call("poll operation on managed cluster " + id.name(), () -> status(poller.poll()));
  }

  private static ClusterOperation.Status status(PollResponse<?> response) {
    LongRunningOperationStatus status = response.getStatus();
    String state;
    if (status == LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
      state = "Succeeded";
    } else if (status == LongRunningOperationStatus.FAILED) {
      state = "Failed";
    } else if (status == LongRunningOperationStatus.USER_CANCELLED) {
      state = "Canceled";
    } else {
      state = "InProgress";
    }
    return new ClusterOperation.Status(state, response.getRetryAfter());
  }

  // ------------------------------------------------------------------ managers per subscription

  private MsiManager msi(String subscription) {
    return manager("msi", subscription, p -> MsiManager.authenticate(azure.pipeline(), p));
  }

  private AuthorizationManager authorization(String subscription) {
    return manager(
        "authorization", subscription, p -> AuthorizationManager.authenticate(azure.pipeline(), p));
  }

  private ContainerServiceManager containers(String subscription) {
    return manager(
        "containers", subscription, p -> ContainerServiceManager.authenticate(azure.pipeline(), p));
  }

  @SuppressWarnings("unchecked")
  private <M> M manager(String kind, String subscription, Function<AzureProfile, M> make) {
    return (M)
        managers.computeIfAbsent(
            kind + "/" + subscription.toLowerCase(Locale.ROOT),
            k -> make.apply(azure.profile(subscription)));
  }
}
