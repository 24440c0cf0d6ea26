package dev.wimigrate.events;

import dev.wimigrate.events.cluster.CleanedUp;
import dev.wimigrate.events.cluster.CleanupPodIdentity;
import dev.wimigrate.events.cluster.EnsureServiceAccount;
import dev.wimigrate.events.cluster.PatchWorkload;
import dev.wimigrate.events.cluster.RequestSnapshot;
import dev.wimigrate.events.cluster.Rollback;
import dev.wimigrate.events.cluster.RolledBack;
import dev.wimigrate.events.cluster.RolloutRestart;
import dev.wimigrate.events.cluster.ServiceAccountReady;
import dev.wimigrate.events.cluster.VerifyWorkload;
import dev.wimigrate.events.cluster.WorkloadPatched;
import dev.wimigrate.events.cluster.WorkloadRolledOut;
import dev.wimigrate.events.cluster.WorkloadVerified;
import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.StepFailed;
import dev.wimigrate.events.federation.CreateFederatedCredential;
import dev.wimigrate.events.federation.DeleteFederatedCredential;
import dev.wimigrate.events.federation.FederatedCredentialDeleted;
import dev.wimigrate.events.federation.FederatedCredentialReady;
import dev.wimigrate.events.identity.ClusterWorkloadIdentityEnabled;
import dev.wimigrate.events.identity.CopyRoleAssignments;
import dev.wimigrate.events.identity.EnableClusterWorkloadIdentity;
import dev.wimigrate.events.identity.EnsureManagedIdentity;
import dev.wimigrate.events.identity.IdentityReady;
import dev.wimigrate.events.identity.PodIdentityRemoved;
import dev.wimigrate.events.identity.RemovePodIdentity;
import dev.wimigrate.events.identity.RoleAssignmentsCopied;
import dev.wimigrate.events.inventory.ClusterObserved;
import dev.wimigrate.events.inventory.PodIdentityObserved;
import dev.wimigrate.events.inventory.SnapshotCompleted;
import dev.wimigrate.events.inventory.TriggerAuthenticationObserved;
import dev.wimigrate.events.inventory.WorkloadGone;
import dev.wimigrate.events.inventory.WorkloadObserved;
import dev.wimigrate.events.migration.MigrationRequested;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The registry of everything that goes on a topic: CloudEvents type ↔ record class ↔ topic ↔ JSON
 * schema. A type string is {@code dev.wimigrate.<feature>.<Name>.v<version>}; its schema is {@code
 * schemas/v<version>/<Name>.schema.json} on the class path.
 */
public record EventType(
    String type, Class<? extends Event> javaType, String topic, String description) {

  private static final Pattern TYPE =
      Pattern.compile("dev\\.wimigrate\\.[a-z]+\\.([A-Z][A-Za-z0-9]*)\\.v([1-9][0-9]*)");

  /** Base of the schema {@code $id}s. */
  public static final String SCHEMA_BASE = "https://wimigrate.dev/schemas/";

  private static final List<EventType> ALL =
      List.of(
          // inventory: cluster-agent → inventory-service
          new EventType(
              ClusterObserved.TYPE,
              ClusterObserved.class,
              Topics.INVENTORY,
              "Cluster facts: version, OIDC issuer, Workload ID webhook, pod identity CRDs, KEDA."),
          new EventType(
              WorkloadObserved.TYPE,
              WorkloadObserved.class,
              Topics.INVENTORY,
              "Current state of one workload: pod identity bindings, OS, SDK hint, Workload ID state."),
          new EventType(
              WorkloadGone.TYPE, WorkloadGone.class, Topics.INVENTORY, "A workload was deleted."),
          new EventType(
              PodIdentityObserved.TYPE,
              PodIdentityObserved.class,
              Topics.INVENTORY,
              "An AzureIdentity and the bindings that point at it (or its deletion)."),
          new EventType(
              TriggerAuthenticationObserved.TYPE,
              TriggerAuthenticationObserved.class,
              Topics.INVENTORY,
              "A KEDA (Cluster)TriggerAuthentication and its pod identity provider."),
          new EventType(
              SnapshotCompleted.TYPE,
              SnapshotCompleted.class,
              Topics.INVENTORY,
              "End of a full snapshot of a cluster's workloads."),
          // migrations: REST → inventory-service
          new EventType(
              MigrationRequested.TYPE,
              MigrationRequested.class,
              Topics.MIGRATIONS,
              "Start migrating the selected workloads for a ticket (dry run or execute)."),
          // identity: inventory-service ⇄ identity-service
          new EventType(
              EnsureManagedIdentity.TYPE,
              EnsureManagedIdentity.class,
              Topics.IDENTITY_COMMANDS,
              "Make sure a user-assigned identity exists; read its ids."),
          new EventType(
              CopyRoleAssignments.TYPE,
              CopyRoleAssignments.class,
              Topics.IDENTITY_COMMANDS,
              "Give an overflow identity the role assignments of the original."),
          new EventType(
              EnableClusterWorkloadIdentity.TYPE,
              EnableClusterWorkloadIdentity.class,
              Topics.IDENTITY_COMMANDS,
              "Enable the OIDC issuer and Workload ID on an AKS cluster."),
          new EventType(
              RemovePodIdentity.TYPE,
              RemovePodIdentity.class,
              Topics.IDENTITY_COMMANDS,
              "Remove pod identity entries from a cluster; optionally disable the add-on."),
          new EventType(
              IdentityReady.TYPE,
              IdentityReady.class,
              Topics.RESULTS,
              "The identity exists, with its client, principal and tenant ids."),
          new EventType(
              RoleAssignmentsCopied.TYPE,
              RoleAssignmentsCopied.class,
              Topics.RESULTS,
              "The overflow identity holds the original's role assignments."),
          new EventType(
              ClusterWorkloadIdentityEnabled.TYPE,
              ClusterWorkloadIdentityEnabled.class,
              Topics.RESULTS,
              "The cluster has an OIDC issuer and Workload ID enabled."),
          new EventType(
              PodIdentityRemoved.TYPE,
              PodIdentityRemoved.class,
              Topics.RESULTS,
              "Pod identity entries removed; whether the add-on is disabled."),
          // federation: inventory-service ⇄ federation-service
          new EventType(
              CreateFederatedCredential.TYPE,
              CreateFederatedCredential.class,
              Topics.FEDERATION_COMMANDS,
              "Create the FIC trusting a cluster issuer for one service account on an identity."),
          new EventType(
              DeleteFederatedCredential.TYPE,
              DeleteFederatedCredential.class,
              Topics.FEDERATION_COMMANDS,
              "Delete that FIC (rollback)."),
          new EventType(
              FederatedCredentialReady.TYPE,
              FederatedCredentialReady.class,
              Topics.RESULTS,
              "The FIC exists and has propagated."),
          new EventType(
              FederatedCredentialDeleted.TYPE,
              FederatedCredentialDeleted.class,
              Topics.RESULTS,
              "The FIC is gone."),
          // cluster: inventory-service ⇄ cluster-agent
          new EventType(
              RequestSnapshot.TYPE,
              RequestSnapshot.class,
              Topics.CLUSTER_COMMANDS,
              "Ask an agent to report every workload again."),
          new EventType(
              EnsureServiceAccount.TYPE,
              EnsureServiceAccount.class,
              Topics.CLUSTER_COMMANDS,
              "Create or annotate the workload's service account."),
          new EventType(
              PatchWorkload.TYPE,
              PatchWorkload.class,
              Topics.CLUSTER_COMMANDS,
              "Switch the pod template to Workload ID (and the proxy sidecar if planned)."),
          new EventType(
              RolloutRestart.TYPE,
              RolloutRestart.class,
              Topics.CLUSTER_COMMANDS,
              "Restart the workload's pods and wait for the rollout."),
          new EventType(
              VerifyWorkload.TYPE,
              VerifyWorkload.class,
              Topics.CLUSTER_COMMANDS,
              "Check that the new pods are ready and use Workload ID."),
          new EventType(
              CleanupPodIdentity.TYPE,
              CleanupPodIdentity.class,
              Topics.CLUSTER_COMMANDS,
              "Remove the workload's pod identity leftovers; move KEDA to azure-workload."),
          new EventType(
              Rollback.TYPE,
              Rollback.class,
              Topics.CLUSTER_COMMANDS,
              "Restore the workload to pod identity."),
          new EventType(
              ServiceAccountReady.TYPE,
              ServiceAccountReady.class,
              Topics.RESULTS,
              "The service account is set up (diff in dry runs)."),
          new EventType(
              WorkloadPatched.TYPE,
              WorkloadPatched.class,
              Topics.RESULTS,
              "The pod template is patched (diff in dry runs)."),
          new EventType(
              WorkloadRolledOut.TYPE,
              WorkloadRolledOut.class,
              Topics.RESULTS,
              "The new pods are rolled out."),
          new EventType(
              WorkloadVerified.TYPE,
              WorkloadVerified.class,
              Topics.RESULTS,
              "The new pods are ready and carry Workload ID."),
          new EventType(
              CleanedUp.TYPE,
              CleanedUp.class,
              Topics.RESULTS,
              "Pod identity leftovers of the workload are removed."),
          new EventType(
              RolledBack.TYPE,
              RolledBack.class,
              Topics.RESULTS,
              "The workload is back on pod identity."),
          // any worker → inventory-service
          new EventType(
              StepFailed.TYPE,
              StepFailed.class,
              Topics.RESULTS,
              "A command failed; retryable or not, with a token-free reason."));

  private static final Map<String, EventType> BY_TYPE =
      ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));
  private static final Map<Class<?>, EventType> BY_CLASS =
      ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::javaType, Function.identity()));

  public EventType {
    if (type == null || !TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException("not a wimigrate CloudEvents type: " + type);
    }
    if (javaType == null || !javaType.isRecord()) {
      throw new IllegalArgumentException(type + ": the Java type must be a record");
    }
    if (!Topics.ALL.contains(topic)) {
      throw new IllegalArgumentException(type + ": unknown topic " + topic);
    }
  }

  public static List<EventType> all() {
    return ALL;
  }

  public static Optional<EventType> forType(String type) {
    return Optional.ofNullable(type).map(BY_TYPE::get);
  }

  public static Optional<EventType> forClass(Class<?> javaType) {
    return Optional.ofNullable(javaType).map(BY_CLASS::get);
  }

  /** The registration of an event's class; throws for anything not registered. */
  public static EventType of(Object event) {
    return forClass(event == null ? null : event.getClass())
        .orElseThrow(() -> new IllegalArgumentException("not a registered event: " + event));
  }

  /** The type's simple name, e.g. {@code WorkloadObserved}. */
  public String name() {
    return typeParts().group(1);
  }

  public int version() {
    return Integer.parseInt(typeParts().group(2));
  }

  /**
   * Class path resource of the JSON schema, e.g. {@code schemas/v1/WorkloadObserved.schema.json}.
   */
  public String schemaResource() {
    return "schemas/v" + version() + "/" + name() + ".schema.json";
  }

  public URI schemaId() {
    return URI.create(SCHEMA_BASE + "v" + version() + "/" + name() + ".schema.json");
  }

  private Matcher typeParts() {
    Matcher m = TYPE.matcher(type);
    if (!m.matches()) {
      throw new IllegalStateException("validated in the constructor");
    }
    return m;
  }
}
