package dev.wimigrate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wimigrate.azurekit.AzureCallMetrics;
import dev.wimigrate.azurekit.AzureConnection;
import dev.wimigrate.azurekit.Retrier;
import dev.wimigrate.azurekit.RetryBudget;
import dev.wimigrate.azurekit.testing.EmulatorAzureSettings;
import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.StepFailed;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.identity.ClusterWorkloadIdentityEnabled;
import dev.wimigrate.events.identity.CopyRoleAssignments;
import dev.wimigrate.events.identity.EnableClusterWorkloadIdentity;
import dev.wimigrate.events.identity.EnsureManagedIdentity;
import dev.wimigrate.events.identity.IdentityReady;
import dev.wimigrate.events.identity.PodIdentityRemoved;
import dev.wimigrate.events.identity.RemovePodIdentity;
import dev.wimigrate.events.identity.RoleAssignmentsCopied;
import dev.wimigrate.identity.azure.ArmResources;
import dev.wimigrate.identity.azure.AzureResources;
import dev.wimigrate.identity.cluster.ClusterChange;
import dev.wimigrate.testkit.azure.AzureEmulator;
import dev.wimigrate.testkit.azure.arm.ManagedIdentity;
import dev.wimigrate.testkit.azure.http.Operation;
import dev.wimigrate.testkit.azure.rules.ArmThrottling;
import dev.wimigrate.testkit.azure.rules.FaultInjection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The worker on the real Azure SDK (msi, authorization, containerservice) against the emulator:
 * identities, role assignments, managed clusters with long-running operations, throttling and
 * injected faults.
 */
class IdentityWorkerOnAzureEmulatorTest {

  static final String RG = "rg-identity";
  static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
  static final String BLOB_READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
  static final String ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
  static final int ATTEMPTS = 5;

  static AzureEmulator azure;
  static AzureResources resources;
  static SimpleMeterRegistry registry;
  static IdentityWorker worker;

  @BeforeAll
  static void start() {
    azure =
        AzureEmulator.builder()
            .registerClient(EmulatorAzureSettings.CLIENT_ID, EmulatorAzureSettings.CLIENT_SECRET)
            .start();
    resources =
        new ArmResources(new AzureConnection(EmulatorAzureSettings.of(azure), "identity-test"));
    registry = new SimpleMeterRegistry();
    AzureCallMetrics metrics = new AzureCallMetrics(registry);
    worker =
        new IdentityWorker(
            resources,
            new Retrier(
                new RetryBudget(
                    ATTEMPTS, Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofSeconds(1)),
                Clock.systemUTC(),
                Retrier::sleep,
                ThreadLocalRandom.current(),
                metrics.retryCounter()),
            metrics,
            Retrier::sleep,
            Clock.systemUTC(),
            new IdentityWorker.OperationWait(Duration.ofMillis(50), Duration.ofSeconds(30)));
  }

  @AfterAll
  static void stop() {
    azure.close();
  }

  @AfterEach
  void calmAzure() {
    azure.updateRules(
        r -> r.withFaults(FaultInjection.none()).withThrottling(ArmThrottling.azure()));
  }

  static StepRef step() {
    return new StepRef("mig-id", "step-" + UUID.randomUUID(), 1);
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String identityId(String name) {
    return "/subscriptions/"
        + azure.subscriptionId()
        + "/resourceGroups/"
        + RG
        + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
        + name;
  }

  static String clusterId(String name) {
    return "/subscriptions/"
        + azure.subscriptionId()
        + "/resourceGroups/"
        + RG
        + "/providers/Microsoft.ContainerService/managedClusters/"
        + name;
  }

  static String scope(String suffix) {
    return "/subscriptions/" + azure.subscriptionId() + suffix;
  }

  static long writes(Operation operation) {
    return azure.answers(operation, 200) + azure.answers(operation, 201);
  }

  static double retriesCounted() {
    return registry.find("wimigrate_azure_retries_total").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  // ------------------------------------------------------------------ identities

  @Test
  void ensureAdoptsThePodIdentitysExistingIdentityByResourceIdWithoutWriting() throws Exception {
    ManagedIdentity existing = azure.createIdentity(RG, unique("mi-pod"), "westeurope");
    long puts = azure.callCount(Operation.IDENTITY_PUT);

    Event result =
        worker.handle(new EnsureManagedIdentity(step(), existing.id(), false, null, null));

    assertThat(result).isInstanceOf(IdentityReady.class);
    IdentityReady ready = (IdentityReady) result;
    assertThat(ready.created()).isFalse();
    assertThat(ready.clientId()).isEqualTo(existing.clientId());
    assertThat(ready.principalId()).isEqualTo(existing.principalId());
    assertThat(ready.tenantId()).isEqualTo(azure.tenantId());
    assertThat(azure.callCount(Operation.IDENTITY_PUT)).isEqualTo(puts);
  }

  @Test
  void ensureCreatesAPlannedOverflowIdentityAndARedeliveryAdoptsItInsteadOfCreatingAgain()
      throws Exception {
    String name = unique("mi-overflow");
    EnsureManagedIdentity command =
        new EnsureManagedIdentity(
            step(), identityId(name), true, "westeurope", Map.of("wimigrate", "overflow"));

    Event first = worker.handle(command);
    Event again = worker.handle(command);

    assertThat(first).isInstanceOf(IdentityReady.class);
    assertThat(((IdentityReady) first).created()).isTrue();
    assertThat(again).isInstanceOf(IdentityReady.class);
    assertThat(((IdentityReady) again).created()).isFalse();
    assertThat(((IdentityReady) again).clientId()).isEqualTo(((IdentityReady) first).clientId());
    ManagedIdentity created = azure.identity(RG, name).orElseThrow();
    assertThat(created.clientId()).isEqualTo(((IdentityReady) first).clientId());
    assertThat(created.tags()).containsEntry("wimigrate", "overflow");
    assertThat(created.location()).isEqualTo("westeurope");
  }

  @Test
  void ensureWithoutCreateFailsWithArmsResourceNotFoundForAMissingIdentity() throws Exception {
    Event result =
        worker.handle(
            new EnsureManagedIdentity(step(), identityId(unique("mi-none")), false, null, null));

    assertThat(result).isInstanceOf(StepFailed.class);
    StepFailed failed = (StepFailed) result;
    assertThat(failed.errorCode()).isEqualTo("ResourceNotFound");
    assertThat(failed.retryable()).isFalse();
    assertThat(failed.service()).isEqualTo(IdentityWorker.SERVICE);
    assertThat(failed.reason()).contains("create=false");
  }

  // ------------------------------------------------------------------ role assignments

  @Test
  void copyGivesTheOverflowIdentityWhatItLacksReportsTheDiffAndARedeliveryCopiesNothing()
      throws Exception {
    ManagedIdentity original = azure.createIdentity(RG, unique("mi-orig"), "westeurope");
    ManagedIdentity overflow = azure.createIdentity(RG, unique("mi-ovf"), "westeurope");
    String group = scope("/resourceGroups/shop");
    String storage = scope("/resourceGroups/shop/providers/Microsoft.Storage/storageAccounts/st1");
    azure.assignRole(group, original.principalId(), READER);
    azure.assignRole(storage, original.principalId(), BLOB_READER);
    azure.assignRole(scope(""), original.principalId(), ACR_PULL);
    azure.assignRole(group, overflow.principalId(), READER);
    CopyRoleAssignments command = new CopyRoleAssignments(step(), original.id(), overflow.id());

    Event first = worker.handle(command);

    assertThat(first).isInstanceOf(RoleAssignmentsCopied.class);
    RoleAssignmentsCopied copied = (RoleAssignmentsCopied) first;
    assertThat(copied.copied()).isEqualTo(2);
    assertThat(copied.missingBefore())
        .hasSize(2)
        .anySatisfy(m -> assertThat(m).endsWith(BLOB_READER + "@" + storage))
        .anySatisfy(m -> assertThat(m).endsWith(ACR_PULL + "@" + scope("")));
    assertThat(azure.roleAssignmentsOf(overflow.principalId()))
        .extracting(a -> a.roleDefinitionGuid() + "@" + a.scope())
        .containsExactlyInAnyOrder(
            READER + "@" + group, BLOB_READER + "@" + storage, ACR_PULL + "@" + scope(""));
    assertThat(azure.roleAssignmentsOf(overflow.principalId()))
        .allSatisfy(a -> assertThat(a.principalType()).isEqualTo("ServicePrincipal"));
    long puts = azure.callCount(Operation.ROLE_ASSIGNMENT_PUT);

    Event again = worker.handle(command);

    assertThat(again).isInstanceOf(RoleAssignmentsCopied.class);
    assertThat(((RoleAssignmentsCopied) again).copied()).isZero();
    assertThat(((RoleAssignmentsCopied) again).missingBefore()).isEmpty();
    assertThat(azure.callCount(Operation.ROLE_ASSIGNMENT_PUT)).isEqualTo(puts);
    assertThat(azure.roleAssignmentsOf(overflow.principalId())).hasSize(3);
    // the original keeps exactly what it had
    assertThat(azure.roleAssignmentsOf(original.principalId())).hasSize(3);
  }

  @Test
  void copyToAJustCreatedIdentityWorksWhileEntraStillReplicatesItsPrincipal() throws Exception {
    azure.updateRules(r -> r.withPrincipalReplicationDelay(Duration.ofMinutes(5)));
    try {
      ManagedIdentity original = azure.createIdentity(RG, unique("mi-orig"), "westeurope");
      azure.assignRole(scope("/resourceGroups/shop"), original.principalId(), READER);
      String overflowId = identityId(unique("mi-fresh"));
      worker.handle(new EnsureManagedIdentity(step(), overflowId, true, "westeurope", null));

      Event result = worker.handle(new CopyRoleAssignments(step(), original.id(), overflowId));

      assertThat(result).isInstanceOf(RoleAssignmentsCopied.class);
      assertThat(((RoleAssignmentsCopied) result).copied()).isEqualTo(1);
      assertThat(azure.answers(Operation.ROLE_ASSIGNMENT_PUT, 400)).isZero();
    } finally {
      azure.updateRules(r -> r.withPrincipalReplicationDelay(Duration.ZERO));
    }
  }

  @Test
  void copyFromAnIdentityThatDoesNotExistFailsWithArmsCode() throws Exception {
    ManagedIdentity overflow = azure.createIdentity(RG, unique("mi-ovf"), "westeurope");

    Event result =
        worker.handle(
            new CopyRoleAssignments(step(), identityId(unique("mi-ghost")), overflow.id()));

    assertThat(result).isInstanceOf(StepFailed.class);
    assertThat(((StepFailed) result).errorCode()).isEqualTo("ResourceNotFound");
    assertThat(((StepFailed) result).retryable()).isFalse();
    assertThat(azure.roleAssignmentsOf(overflow.principalId())).isEmpty();
  }

  // ------------------------------------------------------------------ managed clusters

  static String putCluster(String name, boolean oidc, String podIdentities) {
    azure.putManagedCluster(
        RG,
        name,
        """
        {"location":"westeurope","properties":{"dnsPrefix":"%s","kubernetesVersion":"1.33.0",
         "oidcIssuerProfile":{"enabled":%s},
         "podIdentityProfile":{"enabled":true,"userAssignedIdentities":[%s]}}}
        """
            .formatted(name, oidc, podIdentities));
    return clusterId(name);
  }

  static String podIdentity(String namespace, String name) {
    return """
        {"name":"%s","namespace":"%s","bindingSelector":"%s",
         "identity":{"resourceId":"%s","clientId":"%s","objectId":"%s"}}
        """
        .formatted(
            name, namespace, name, identityId("mi-" + name), UUID.randomUUID(), UUID.randomUUID());
  }

  static JsonNode properties(String cluster) {
    return azure.managedCluster(RG, cluster).orElseThrow().get("properties");
  }

  @Test
  void enablingWorkloadIdentityRunsTheLongRunningUpdateToTheEndAndReportsTheIssuerUrl()
      throws Exception {
    String name = unique("aks");
    String issuer = "https://westeurope.oic.prod-aks.azure.com/" + azure.tenantId() + "/x/";
    azure.clusterIssuerUrl(RG, name, issuer);
    String id = putCluster(name, false, podIdentity("shop", "orders"));
    long statusPolls = azure.callCount(Operation.CLUSTER_OPERATION_STATUS);
    EnableClusterWorkloadIdentity command =
        new EnableClusterWorkloadIdentity(step(), "cluster-" + name, id);

    Event result = worker.handle(command);

    assertThat(result).isInstanceOf(ClusterWorkloadIdentityEnabled.class);
    assertThat(((ClusterWorkloadIdentityEnabled) result).oidcIssuerUrl()).isEqualTo(issuer);
    JsonNode properties = properties(name);
    assertThat(properties.at("/oidcIssuerProfile/enabled").asBoolean()).isTrue();
    assertThat(properties.at("/securityProfile/workloadIdentity/enabled").asBoolean()).isTrue();
    assertThat(properties.at("/provisioningState").asText()).isEqualTo("Succeeded");
    // pod identity keeps working until each workload is verified
    assertThat(properties.at("/podIdentityProfile/userAssignedIdentities")).hasSize(1);
    assertThat(azure.callCount(Operation.CLUSTER_OPERATION_STATUS)).isGreaterThan(statusPolls);
    long puts = azure.callCount(Operation.CLUSTER_PUT);

    Event again = worker.handle(command);

    assertThat(again)
        .isEqualTo(new ClusterWorkloadIdentityEnabled(command.step(), "cluster-" + name, issuer));
    assertThat(azure.callCount(Operation.CLUSTER_PUT)).isEqualTo(puts);
  }

  @Test
  void aRedeliveryWhileTheFirstUpdateStillRunsWaitsForItInsteadOfWritingAgain() throws Exception {
    String name = unique("aks");
    String id = putCluster(name, false, "");
    // the first delivery started the update and died before polling it
    resources.beginUpdate(
        id, resources.getCluster(id), new ClusterChange(true, true, List.of(), false));
    long puts = azure.callCount(Operation.CLUSTER_PUT);

    Event result = worker.handle(new EnableClusterWorkloadIdentity(step(), "cluster-" + name, id));

    assertThat(result).isInstanceOf(ClusterWorkloadIdentityEnabled.class);
    assertThat(((ClusterWorkloadIdentityEnabled) result).oidcIssuerUrl())
        .startsWith("https://westeurope.oic.prod-aks.azure.com/");
    assertThat(azure.callCount(Operation.CLUSTER_PUT)).isEqualTo(puts);
    assertThat(azure.answers(Operation.CLUSTER_PUT, 409)).isZero();
  }

  @Test
  void removingPodIdentitiesRewritesTheClusterWithoutThemAndKeepsTheOthersAndTheAddon()
      throws Exception {
    String name = unique("aks");
    String id =
        putCluster(
            name, true, podIdentity("shop", "orders") + "," + podIdentity("shop", "billing"));
    RemovePodIdentity command =
        new RemovePodIdentity(step(), "cluster-" + name, id, List.of("shop/orders"), false);

    Event result = worker.handle(command);

    assertThat(result)
        .isEqualTo(
            new PodIdentityRemoved(
                command.step(), "cluster-" + name, List.of("shop/orders"), false));
    JsonNode pods = properties(name).at("/podIdentityProfile");
    assertThat(pods.at("/enabled").asBoolean()).isTrue();
    assertThat(pods.at("/userAssignedIdentities")).hasSize(1);
    assertThat(pods.at("/userAssignedIdentities/0/name").asText()).isEqualTo("billing");
    long puts = azure.callCount(Operation.CLUSTER_PUT);

    assertThat(worker.handle(command)).isEqualTo(result);
    assertThat(azure.callCount(Operation.CLUSTER_PUT)).isEqualTo(puts);
  }

  @Test
  void theAddonIsDisabledWithTheLastPodIdentityWhenTheCommandSaysSo() throws Exception {
    String name = unique("aks");
    String id = putCluster(name, true, podIdentity("shop", "billing"));

    Event result =
        worker.handle(
            new RemovePodIdentity(step(), "cluster-" + name, id, List.of("shop/billing"), true));

    assertThat(result).isInstanceOf(PodIdentityRemoved.class);
    assertThat(((PodIdentityRemoved) result).addonDisabled()).isTrue();
    JsonNode pods = properties(name).at("/podIdentityProfile");
    assertThat(pods.at("/enabled").asBoolean()).isFalse();
    assertThat(pods.path("userAssignedIdentities")).isEmpty();
  }

  @Test
  void disablingTheAddonIsRefusedWhileOtherWorkloadsStillUsePodIdentity() throws Exception {
    String name = unique("aks");
    String id =
        putCluster(
            name, true, podIdentity("shop", "orders") + "," + podIdentity("shop", "billing"));
    long puts = azure.callCount(Operation.CLUSTER_PUT);

    Event result =
        worker.handle(
            new RemovePodIdentity(step(), "cluster-" + name, id, List.of("shop/orders"), true));

    assertThat(result).isInstanceOf(StepFailed.class);
    StepFailed failed = (StepFailed) result;
    assertThat(failed.errorCode()).isEqualTo("PodIdentityStillInUse");
    assertThat(failed.retryable()).isFalse();
    assertThat(failed.reason()).contains("shop/billing");
    assertThat(azure.callCount(Operation.CLUSTER_PUT)).isEqualTo(puts);
    assertThat(properties(name).at("/podIdentityProfile/userAssignedIdentities")).hasSize(2);
  }

  // ------------------------------------------------------------------ throttling and faults

  @Test
  void throttlingSlowsTheWorkDownButEveryStepSucceeds() throws Exception {
    ManagedIdentity original = azure.createIdentity(RG, unique("mi-orig"), "westeurope");
    azure.assignRole(scope("/resourceGroups/shop"), original.principalId(), READER);
    azure.assignRole(scope(""), original.principalId(), ACR_PULL);
    String name = unique("aks");
    String cluster = putCluster(name, false, podIdentity("shop", "orders"));
    long throttledBefore = azure.throttledCalls();
    double retriesBefore = retriesCounted();
    azure.updateRules(
        r ->
            r.withThrottling(
                ArmThrottling.azure()
                    .withReads(new ArmThrottling.Bucket(2, 2))
                    .withWrites(new ArmThrottling.Bucket(1, 1))));

    String overflowId = identityId(unique("mi-ovf"));
    Event ensured =
        worker.handle(new EnsureManagedIdentity(step(), overflowId, true, "westeurope", null));
    Event copied = worker.handle(new CopyRoleAssignments(step(), original.id(), overflowId));
    Event enabled =
        worker.handle(new EnableClusterWorkloadIdentity(step(), "cluster-" + name, cluster));
    Event removed =
        worker.handle(
            new RemovePodIdentity(
                step(), "cluster-" + name, cluster, List.of("shop/orders"), true));

    assertThat(ensured).isInstanceOf(IdentityReady.class);
    assertThat(copied).isInstanceOf(RoleAssignmentsCopied.class);
    assertThat(((RoleAssignmentsCopied) copied).copied()).isEqualTo(2);
    assertThat(enabled).isInstanceOf(ClusterWorkloadIdentityEnabled.class);
    assertThat(removed).isInstanceOf(PodIdentityRemoved.class);
    assertThat(azure.throttledCalls()).isGreaterThan(throttledBefore);
    assertThat(retriesCounted()).isGreaterThan(retriesBefore);
    assertThat(registry.find("wimigrate_azure_throttled_total").counters()).isNotEmpty();
  }

  @Test
  void transientServerErrorsAreRetriedAndTheStepSucceeds() throws Exception {
    ManagedIdentity existing = azure.createIdentity(RG, unique("mi-flaky"), "westeurope");
    azure.failNextArmCalls(
        FaultInjection.Kind.SERVICE_UNAVAILABLE,
        FaultInjection.Kind.INTERNAL_ERROR,
        FaultInjection.Kind.GATEWAY_TIMEOUT);

    Event result =
        worker.handle(new EnsureManagedIdentity(step(), existing.id(), false, null, null));

    assertThat(result).isInstanceOf(IdentityReady.class);
    assertThat(azure.answers(Operation.IDENTITY_GET, 503)).isPositive();
  }

  @Test
  void persistentServerErrorsAreReportedRetryableWithAzuresCodeAfterTheBoundedBudget()
      throws Exception {
    ManagedIdentity existing = azure.createIdentity(RG, unique("mi-down"), "westeurope");
    long failedBefore = azure.answers(Operation.IDENTITY_GET, 500);
    azure.updateRules(
        r -> r.withFaults(FaultInjection.of(1.0, 7, FaultInjection.Kind.INTERNAL_ERROR)));

    Event result =
        worker.handle(new EnsureManagedIdentity(step(), existing.id(), false, null, null));

    assertThat(result).isInstanceOf(StepFailed.class);
    StepFailed failed = (StepFailed) result;
    assertThat(failed.errorCode()).isEqualTo("InternalServerError");
    assertThat(failed.retryable()).isTrue();
    assertThat(failed.reason()).contains("HTTP 500").contains(existing.id());
    // exactly the budget's attempts, then the failure is reported
    assertThat(azure.answers(Operation.IDENTITY_GET, 500) - failedBefore).isEqualTo(ATTEMPTS);
  }
}
