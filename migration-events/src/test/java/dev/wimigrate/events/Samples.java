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
import dev.wimigrate.events.common.OperatingSystem;
import dev.wimigrate.events.common.SdkGeneration;
import dev.wimigrate.events.common.ServiceAccountRef;
import dev.wimigrate.events.common.StepFailed;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.common.WorkloadKind;
import dev.wimigrate.events.common.WorkloadRef;
import dev.wimigrate.events.federation.CreateFederatedCredential;
import dev.wimigrate.events.federation.DeleteFederatedCredential;
import dev.wimigrate.events.federation.FederatedCredentialDeleted;
import dev.wimigrate.events.federation.FederatedCredentialName;
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
import dev.wimigrate.events.inventory.ContainerInfo;
import dev.wimigrate.events.inventory.PodIdentityBindingRef;
import dev.wimigrate.events.inventory.PodIdentityObserved;
import dev.wimigrate.events.inventory.SnapshotCompleted;
import dev.wimigrate.events.inventory.TriggerAuthenticationObserved;
import dev.wimigrate.events.inventory.WorkloadGone;
import dev.wimigrate.events.inventory.WorkloadIdentityState;
import dev.wimigrate.events.inventory.WorkloadObserved;
import dev.wimigrate.events.migration.MigrationMode;
import dev.wimigrate.events.migration.MigrationRequested;
import dev.wimigrate.events.migration.MigrationSelector;
import dev.wimigrate.events.migration.TicketRef;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One realistic instance of every registered event type, for round-trip and schema tests. */
public final class Samples {
  public static final String CLUSTER = "prod-weu-01";
  public static final String CLUSTER_RESOURCE_ID =
      "/subscriptions/6f1c2b3a-4d5e-4f60-8a9b-0c1d2e3f4a5b/resourceGroups/rg-aks-prod"
          + "/providers/Microsoft.ContainerService/managedClusters/aks-prod-weu-01";
  public static final String IDENTITY =
      "/subscriptions/6f1c2b3a-4d5e-4f60-8a9b-0c1d2e3f4a5b/resourceGroups/rg-identities"
          + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-cart";
  public static final String OVERFLOW_IDENTITY =
      "/subscriptions/6f1c2b3a-4d5e-4f60-8a9b-0c1d2e3f4a5b/resourceGroups/rg-identities"
          + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-cart-2";
  public static final String CLIENT_ID = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";
  public static final String PRINCIPAL_ID = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";
  public static final String TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  public static final String ISSUER =
      "https://westeurope.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/"
          + "0d3e0f2c-1a2b-4c3d-8e4f-5a6b7c8d9e0f/";
  public static final Instant NOW = Instant.parse("2025-11-23T10:15:30.123Z");
  public static final WorkloadRef CART =
      new WorkloadRef(CLUSTER, "shop", WorkloadKind.DEPLOYMENT, "cart");
  public static final ServiceAccountRef CART_SA = new ServiceAccountRef("shop", "cart");

  private Samples() {}

  public static StepRef step(String stepId) {
    return new StepRef("mig-2025-0042", stepId, 1);
  }

  public static List<Event> all() {
    return List.of(
        new ClusterObserved(CLUSTER, "v1.30.4", ISSUER, false, true, true, NOW, null),
        workloadObserved(),
        new WorkloadGone(CART, NOW),
        new PodIdentityObserved(
            CLUSTER,
            "shop",
            "cart-identity",
            PodIdentityBindingRef.USER_ASSIGNED_MSI,
            IDENTITY,
            CLIENT_ID,
            List.of("cart-binding"),
            List.of("cart"),
            false,
            NOW),
        new TriggerAuthenticationObserved(
            CLUSTER, "shop", "cart-queue-auth", false, "azure", CLIENT_ID, false, NOW),
        new SnapshotCompleted(CLUSTER, "snap-7f3a", 412, NOW, step("snapshot-prod-weu-01")),
        new MigrationRequested(
            "mig-2025-0042",
            new MigrationSelector(CLUSTER, "shop", List.of("cart"), Map.of("team", "checkout")),
            MigrationMode.EXECUTE,
            new TicketRef(
                "jira", "OPS-1234", URI.create("https://jira.example.com/hooks/wimigrate")),
            "alice@example.com",
            NOW),
        new EnsureManagedIdentity(
            step("identity-id-cart-2"),
            OVERFLOW_IDENTITY,
            true,
            "westeurope",
            Map.of("managed-by", "wimigrate")),
        new CopyRoleAssignments(step("roles-id-cart-2"), IDENTITY, OVERFLOW_IDENTITY),
        new EnableClusterWorkloadIdentity(step("cluster-wi"), CLUSTER, CLUSTER_RESOURCE_ID),
        new RemovePodIdentity(
            step("remove-pod-identity"),
            CLUSTER,
            CLUSTER_RESOURCE_ID,
            List.of("shop/cart-identity"),
            true),
        new IdentityReady(
            step("identity-id-cart"), IDENTITY, CLIENT_ID, PRINCIPAL_ID, TENANT_ID, false, null),
        new RoleAssignmentsCopied(
            step("roles-id-cart-2"),
            IDENTITY,
            OVERFLOW_IDENTITY,
            2,
            List.of(
                "/subscriptions/6f1c2b3a-4d5e-4f60-8a9b-0c1d2e3f4a5b/providers/Microsoft"
                    + ".Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe"
                    + "@/subscriptions/6f1c2b3a-4d5e-4f60-8a9b-0c1d2e3f4a5b/resourceGroups/rg-data")),
        new ClusterWorkloadIdentityEnabled(step("cluster-wi"), CLUSTER, ISSUER),
        new PodIdentityRemoved(
            step("remove-pod-identity"), CLUSTER, List.of("shop/cart-identity"), true),
        new CreateFederatedCredential(
            step("fic-cart"),
            IDENTITY,
            ISSUER,
            CART_SA,
            CLUSTER,
            List.of("api://AzureADTokenExchange")),
        new DeleteFederatedCredential(step("fic-cart-undo"), IDENTITY, ISSUER, CART_SA),
        new FederatedCredentialReady(
            step("fic-cart"),
            IDENTITY,
            FederatedCredentialName.of(ISSUER, "shop", "cart"),
            ISSUER,
            CART_SA.subject(),
            true,
            Duration.ofSeconds(42)),
        new FederatedCredentialDeleted(
            step("fic-cart-undo"), IDENTITY, FederatedCredentialName.of(ISSUER, "shop", "cart")),
        new RequestSnapshot(step("snapshot-prod-weu-01"), CLUSTER),
        new EnsureServiceAccount(
            step("sa-cart"), CART, CART_SA, CLIENT_ID, TENANT_ID, 3600L, false),
        new PatchWorkload(step("patch-cart"), CART, "cart", true, 8080, true, false),
        new RolloutRestart(step("rollout-cart"), CART, false),
        new VerifyWorkload(step("verify-cart"), CART, Duration.ofMinutes(5), false),
        new CleanupPodIdentity(step("cleanup-cart"), CART, IDENTITY, false),
        new Rollback(step("rollback-cart"), CART, false),
        new ServiceAccountReady(
            step("sa-cart"),
            CART,
            CART_SA,
            true,
            "+ azure.workload.identity/client-id: " + CLIENT_ID),
        new WorkloadPatched(
            step("patch-cart"),
            CART,
            true,
            "+ spec.template.metadata.labels.azure.workload.identity/use: \"true\""),
        new WorkloadRolledOut(step("rollout-cart"), CART, "cart-7d9f8c6b5"),
        new WorkloadVerified(step("verify-cart"), CART, 3, true, true, true),
        new CleanedUp(
            step("cleanup-cart"),
            CART,
            List.of("AzureIdentityBinding/shop/cart-binding", "AzureIdentity/shop/cart-identity"),
            List.of("Deployment/shop/cart")),
        new RolledBack(step("rollback-cart"), CART, List.of("Deployment/shop/cart")),
        new StepFailed(
            step("fic-cart"),
            "federation-service",
            "CreateFederatedCredential",
            CART,
            "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity",
            "409 from ARM: too many FICs written concurrently for the managed identity",
            true,
            NOW));
  }

  public static WorkloadObserved workloadObserved() {
    return new WorkloadObserved(
        CART,
        "default",
        "cart",
        List.of(new PodIdentityBindingRef("cart-binding", "cart-identity", IDENTITY, CLIENT_ID, 0)),
        OperatingSystem.LINUX,
        false,
        List.of(
            new ContainerInfo("cart", "acr.example.com/shop/cart:1.4.2", false),
            new ContainerInfo("migrate-db", "acr.example.com/shop/cart-migrate:1.4.2", true)),
        SdkGeneration.LEGACY,
        "baseline",
        new WorkloadIdentityState(false, null, false, false),
        Map.of("app", "cart", "aadpodidbinding", "cart", "team", "checkout"),
        NOW,
        true);
  }
}
