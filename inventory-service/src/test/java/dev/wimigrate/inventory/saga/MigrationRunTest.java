package dev.wimigrate.inventory.saga;

import static dev.wimigrate.inventory.planning.Fleet.w;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wimigrate.events.cluster.CleanupPodIdentity;
import dev.wimigrate.events.cluster.EnsureServiceAccount;
import dev.wimigrate.events.cluster.PatchWorkload;
import dev.wimigrate.events.cluster.Rollback;
import dev.wimigrate.events.cluster.RolloutRestart;
import dev.wimigrate.events.cluster.VerifyWorkload;
import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.OperatingSystem;
import dev.wimigrate.events.common.SdkGeneration;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.common.StepResult;
import dev.wimigrate.events.federation.CreateFederatedCredential;
import dev.wimigrate.events.federation.DeleteFederatedCredential;
import dev.wimigrate.events.identity.CopyRoleAssignments;
import dev.wimigrate.events.identity.EnableClusterWorkloadIdentity;
import dev.wimigrate.events.identity.EnsureManagedIdentity;
import dev.wimigrate.events.identity.RemovePodIdentity;
import dev.wimigrate.events.migration.MigrationMode;
import dev.wimigrate.events.migration.MigrationSelector;
import dev.wimigrate.inventory.planning.Fleet;
import dev.wimigrate.testkit.workers.SimulatedWorkers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MigrationRunTest {

  static final String AKS =
      "/subscriptions/0b1c2d3e-0000-4000-8000-000000000001/resourceGroups/rg-aks"
          + "/providers/Microsoft.ContainerService/managedClusters/";
  static final MigrationSelector ALL = Fleet.ALL;

  /** One AKS cluster "c1" with its OIDC issuer and Workload ID already enabled. */
  static Fleet aksCluster() {
    return new Fleet().aksCluster("c1", AKS + "c1", Fleet.issuer("c1"), true);
  }

  static SagaDriver driver(Fleet fleet) {
    return new SagaDriver(fleet.view(), SagaSettings.defaults());
  }

  /** One workload, shop/cart on c1, migrated with the given workers answering. */
  static SagaDriver migrateCart(Function<Event, StepResult> workers) {
    SagaDriver d = driver(aksCluster().add(w("c1", "shop", "cart")));
    d.workers = workers;
    return d.start(SagaDriver.request("m1", ALL, MigrationMode.EXECUTE)).runUntilQuiet();
  }

  static SagaDriver execute(Fleet fleet) {
    return driver(fleet).start(SagaDriver.request("m1", ALL, MigrationMode.EXECUTE));
  }

  /** Workers that answer like the simulation except for commands the function picks. */
  static Function<Event, StepResult> failing(
      Class<? extends Event> type, String code, boolean retryable) {
    SimulatedWorkers ok = new SimulatedWorkers();
    return c ->
        type.isInstance(c)
            ? SimulatedWorkers.failure(c, code, code + " happened", retryable, SagaDriver.T0)
            : ok.apply(c);
  }

  static String key(String cluster, String ns, String name) {
    return cluster + "/" + ns + "/Deployment/" + name;
  }

  @Nested
  class HappyPath {

    @Test
    void aLegacySdkWorkloadGoesThroughEveryStepInOrderAndEndsDone() {
      Fleet fleet = aksCluster();
      fleet.add(w("c1", "shop", "cart")).podIdentity("c1", "shop", "id-app");

      SagaDriver d = execute(fleet).runUntilQuiet();

      assertThat(d.sent.stream().map(c -> c.getClass().getSimpleName()))
          .containsExactly(
              "EnsureManagedIdentity",
              "CreateFederatedCredential",
              "EnsureServiceAccount",
              "PatchWorkload",
              "RolloutRestart",
              "VerifyWorkload",
              "CleanupPodIdentity",
              "RemovePodIdentity");
      assertThat(d.status()).isEqualTo(MigrationStatus.COMPLETED);
      assertThat(d.workload(key("c1", "shop", "cart")).phase()).isEqualTo(SagaPhase.DONE);

      EnsureManagedIdentity ensure = d.sent(EnsureManagedIdentity.class).get(0);
      assertThat(ensure.create()).isFalse();
      CreateFederatedCredential fic = d.sent(CreateFederatedCredential.class).get(0);
      assertThat(fic.issuer()).isEqualTo(Fleet.issuer("c1"));
      assertThat(fic.subject()).isEqualTo("system:serviceaccount:shop:cart");
      assertThat(fic.audiences()).containsExactly("api://AzureADTokenExchange");
      EnsureServiceAccount sa = d.sent(EnsureServiceAccount.class).get(0);
      assertThat(sa.clientId()).isEqualTo(SimulatedWorkers.clientIdOf(Fleet.id("id-app")));
      assertThat(sa.tenantId()).isEqualTo(SimulatedWorkers.TENANT);
      assertThat(sa.dryRun()).isFalse();
      PatchWorkload patch = d.sent(PatchWorkload.class).get(0);
      assertThat(patch.injectProxySidecar()).isTrue();
      assertThat(patch.keepPodIdentityLabel()).isTrue();
      RemovePodIdentity removal = d.sent(RemovePodIdentity.class).get(0);
      assertThat(removal.podIdentityNames()).containsExactly("shop/id-app");
      assertThat(removal.disableAddon()).isTrue();
      assertThat(removal.clusterResourceId()).isEqualTo(AKS + "c1");
      assertThat(d.statusChanges)
          .extracting(Effects.StatusChange::to)
          .containsExactly(MigrationStatus.COMPLETED);
    }

    @Test
    void aLatestSdkWorkloadGetsNoSidecar() {
      Fleet fleet = aksCluster();
      fleet.add(w("c1", "shop", "cart").sdk(SdkGeneration.LATEST));

      SagaDriver d = execute(fleet).runUntilQuiet();

      assertThat(d.sent(PatchWorkload.class).get(0).injectProxySidecar()).isFalse();
      assertThat(d.status()).isEqualTo(MigrationStatus.COMPLETED);
    }

    @Test
    void aClusterWithoutOidcIssuerIsEnabledFirstAndItsReportedIssuerIsTrusted() {
      Fleet fleet = new Fleet().aksCluster("c1", AKS + "c1", null, false);
      fleet.add(w("c1", "shop", "cart"));

      SagaDriver d = execute(fleet);
      assertThat(d.sent.stream().map(c -> c.getClass().getSimpleName()))
          .containsExactlyInAnyOrder("EnableClusterWorkloadIdentity", "EnsureManagedIdentity");
      d.runUntilQuiet();

      assertThat(d.sent(EnableClusterWorkloadIdentity.class).get(0).clusterResourceId())
          .isEqualTo(AKS + "c1");
      assertThat(d.sent(CreateFederatedCredential.class).get(0).issuer())
          .isEqualTo(SimulatedWorkers.issuerOf("c1"));
      assertThat(d.status()).isEqualTo(MigrationStatus.COMPLETED);
    }

    @Test
    void workloadsSharingAnIdentityAndServiceAccountShareOneCredential() {
      Fleet fleet = aksCluster();
      fleet.add(w("c1", "shop", "cart").sa("shop-sa")).add(w("c1", "shop", "pay").sa("shop-sa"));

      SagaDriver d = execute(fleet).runUntilQuiet();

      assertThat(d.sent(EnsureManagedIdentity.class)).hasSize(1);
      assertThat(d.sent(CreateFederatedCredential.class)).hasSize(1);
      assertThat(d.sent(RolloutRestart.class)).hasSize(2);
      assertThat(d.sent(RemovePodIdentity.class)).hasSize(1);
      assertThat(d.status()).isEqualTo(MigrationStatus.COMPLETED);
    }

    @Test
    void anIdentityPastTwentyCredentialsGetsAnOverflowIdentityInTheSameRegionWithCopiedRoles() {
      Fleet fleet = aksCluster();
      for (int i = 0; i < 22; i++) {
        fleet.add(w("c1", "ns" + i, "app"));
      }

      SagaDriver d = execute(fleet).runUntilQuiet();

      List<EnsureManagedIdentity> ensures = d.sent(EnsureManagedIdentity.class);
      assertThat(ensures).hasSize(2);
      EnsureManagedIdentity overflow =
          ensures.stream().filter(EnsureManagedIdentity::create).findFirst().orElseThrow();
      assertThat(overflow.location()).isEqualTo("westeurope");
      CopyRoleAssignments copy = d.sent(CopyRoleAssignments.class).get(0);
      assertThat(copy.toResourceId()).isEqualTo(overflow.resourceId());
      assertThat(copy.fromResourceId()).isEqualToIgnoringCase(Fleet.id("id-app"));
      Map<String, Long> perIdentity =
          d.sent(CreateFederatedCredential.class).stream()
              .collect(
                  Collectors.groupingBy(
                      c -> c.identityResourceId().toLowerCase(), Collectors.counting()));
      assertThat(perIdentity.values()).allMatch(n -> n <= 20);
      assertThat(perIdentity.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(22);
      // no credential on the overflow identity before its role assignments are copied
      int copied = d.sent.indexOf(copy);
      assertThat(
              d.sent(CreateFederatedCredential.class).stream()
                  .filter(c -> c.identityResourceId().equalsIgnoreCase(overflow.resourceId()))
                  .allMatch(c -> d.sent.indexOf(c) > copied))
          .isTrue();
      assertThat(d.status()).isEqualTo(MigrationStatus.COMPLETED);
    }

    @Test
    void kedasOperatorGetsItsCredentialBeforeAnyWorkloadOfTheIdentitySwitchesItsScalers() {
      Fleet fleet = aksCluster();
      fleet.add(w("c1", "shop", "cart")).keda("c1", "shop", "scaler", "azure", Fleet.id("id-app"));

      SagaDriver d = execute(fleet).runUntilQuiet();

      List<CreateFederatedCredential> fics = d.sent(CreateFederatedCredential.class);
      assertThat(fics)
          .extracting(CreateFederatedCredential::subject)
          .containsExactlyInAnyOrder(
              "system:serviceaccount:keda:keda-operator", "system:serviceaccount:shop:cart");
      CreateFederatedCredential keda =
          fics.stream()
              .filter(c -> c.subject().contains("keda-operator"))
              .findFirst()
              .orElseThrow();
      assertThat(d.sent.indexOf(keda))
          .isLessThan(d.sent.indexOf(d.sent(EnsureServiceAccount.class).get(0)));
      assertThat(d.status()).isEqualTo(MigrationStatus.COMPLETED);
    }

    @Test
    void everyStepIdIsUniqueWithinTheMigrationAndCarriesItsId() {
      Fleet fleet = aksCluster();
      fleet.add(w("c1", "shop", "cart")).add(w("c1", "shop", "pay"));

      SagaDriver d = execute(fleet).runUntilQuiet();

      List<StepRef> steps = d.sent.stream().map(SimulatedWorkers::stepOf).toList();
      assertThat(steps).extracting(StepRef::stepId).doesNotHaveDuplicates();
      assertThat(steps).allMatch(s -> s.migrationId().equals("m1"));
      assertThat(steps).allMatch(s -> s.stepId().startsWith("m1/") && s.stepId().length() <= 256);
    }

    @Test
    void theCredentialsAMigrationCreatedAndKeptAreKnownToLaterPlans() {
      Fleet fleet = aksCluster();
      fleet.add(w("c1", "shop", "cart")).add(w("c1", "shop", "pay"));
      SagaDriver d = driver(fleet);
      d.workers =
          c ->
              c instanceof VerifyWorkload v && v.workload().name().equals("pay")
                  ? SimulatedWorkers.failure(c, "PodsNotReady", "no", false, SagaDriver.T0)
                  : new SimulatedWorkers().apply(c);

      d.start(SagaDriver.request("m1", ALL, MigrationMode.EXECUTE)).runUntilQuiet();

      // pay's credential was deleted on rollback; cart's stays
      assertThat(d.run.createdCredentials())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.subject()).isEqualTo("system:serviceaccount:shop:cart");
                assertThat(c.issuer()).isEqualTo(Fleet.issuer("c1"));
                assertThat(c.identityResourceId()).isEqualTo(Fleet.id("id-app"));
              });
    }

    @Test
    void aVeryLongWorkloadKeyGetsAHashedStepId() {
      String longName = "a".repeat(253);
      String id =
          MigrationRun.stepId("m1", StepKind.PATCH_WORKLOAD, "c1/ns/Deployment/" + longName);
      assertThat(id).hasSizeLessThanOrEqualTo(256).startsWith("m1/patch/");
    }
  }

  @Nested
  class Failures {

    @Test
    void aFailedVerificationRollsTheWorkloadBackAndDeletesTheCredentialItCreated() {
      SagaDriver d = migrateCart(failing(VerifyWorkload.class, "PodsNotReady", false));

      WorkloadSaga cart = d.workload(key("c1", "shop", "cart"));
      assertThat(cart.phase()).isEqualTo(SagaPhase.ROLLED_BACK);
      assertThat(cart.failedStep()).contains("/verify/");
      assertThat(cart.failure()).contains("PodsNotReady happened");
      assertThat(d.sent(Rollback.class)).hasSize(1);
      assertThat(d.sent(DeleteFederatedCredential.class)).hasSize(1);
      assertThat(d.sent(CleanupPodIdentity.class)).isEmpty();
      assertThat(d.sent(RemovePodIdentity.class)).isEmpty();
      assertThat(d.status()).isEqualTo(MigrationStatus.COMPLETED_WITH_FAILURES);
    }

    @Test
    void verificationWithoutTheWorkloadIdentityEnvIsAFailureEvenWhenReported() {
      SimulatedWorkers ok = new SimulatedWorkers();
      SagaDriver d =
          migrateCart(
              c ->
                  c instanceof VerifyWorkload v
                      ? new dev.wimigrate.events.cluster.WorkloadVerified(
                          v.step(), v.workload(), 2, true, false, true)
                      : ok.apply(c));

      WorkloadSaga cart = d.workload(key("c1", "shop", "cart"));
      assertThat(cart.phase()).isEqualTo(SagaPhase.ROLLED_BACK);
      assertThat(cart.failure()).contains("VerificationIncomplete").contains("env=false");
    }

    @Test
    void aFailureBeforeAnyClusterChangeEndsFailedWithNothingToUndo() {
      SagaDriver d =
          migrateCart(failing(EnsureManagedIdentity.class, "AuthorizationFailed", false));

      WorkloadSaga cart = d.workload(key("c1", "shop", "cart"));
      assertThat(cart.phase()).isEqualTo(SagaPhase.FAILED);
      assertThat(cart.needsAttention()).isFalse();
      assertThat(cart.failure()).contains("ensure-identity failed").contains("AuthorizationFailed");
      assertThat(d.sent(EnsureServiceAccount.class)).isEmpty();
      assertThat(d.sent(Rollback.class)).isEmpty();
      assertThat(d.status()).isEqualTo(MigrationStatus.COMPLETED_WITH_FAILURES);
    }

    @Test
    void aClusterWhoseArmIdIsUnknownCannotBeEnabledAndSaysHowToFixIt() {
      Fleet fleet = new Fleet().cluster("c1", null, false);
      fleet.add(w("c1", "shop", "cart"));

      SagaDriver d = execute(fleet).runUntilQuiet();

      WorkloadSaga cart = d.workload(key("c1", "shop", "cart"));
      assertThat(cart.phase()).isEqualTo(SagaPhase.FAILED);
      assertThat(cart.failure()).contains("CLUSTER_RESOURCE_ID");
      assertThat(d.sent(EnableClusterWorkloadIdentity.class)).isEmpty();
    }

    @Test
    void aRetryableFailureIsRetriedWithTheSameStepIdAfterBackoffThenGivenUp() {
      SagaDriver d = migrateCart(failing(CreateFederatedCredential.class, "TooManyRequests", true));
      assertThat(d.sent(CreateFederatedCredential.class)).hasSize(1);
      d.tick(Duration.ofSeconds(4));
      assertThat(d.sent(CreateFederatedCredential.class)).hasSize(1);
      d.tick(Duration.ofSeconds(1)); // backoff 5 s before attempt 2
      d.runUntilQuiet();
      d.tick(Duration.ofSeconds(10)); // 10 s before attempt 3
      d.runUntilQuiet();
      d.tick(Duration.ofSeconds(20)); // 20 s before attempt 4 (the last)
      d.runUntilQuiet();

      List<CreateFederatedCredential> attempts = d.sent(CreateFederatedCredential.class);
      assertThat(attempts).extracting(c -> c.step().attempt()).containsExactly(1, 2, 3, 4);
      assertThat(attempts)
          .extracting(c -> c.step().stepId())
          .containsOnly(attempts.get(0).step().stepId());
      assertThat(d.workload(key("c1", "shop", "cart")).phase()).isEqualTo(SagaPhase.FAILED);
      assertThat(d.outcomes)
          .filteredOn(o -> o.kind() == StepKind.CREATE_CREDENTIAL)
          .extracting(Effects.StepOutcome::outcome)
          .containsExactly("retried", "retried", "retried", "failed");
    }

    @Test
    void aStepWithoutAnswerIsSentAgainAfterItsTimeoutAndFailsAfterTheLastAttempt() {
      SimulatedWorkers ok = new SimulatedWorkers();
      SagaDriver d = migrateCart(c -> c instanceof RolloutRestart ? null : ok.apply(c));
      for (int i = 0; i < 4; i++) {
        d.tick(Duration.ofMinutes(20));
        d.runUntilQuiet();
      }

      assertThat(d.sent(RolloutRestart.class))
          .extracting(c -> c.step().attempt())
          .containsExactly(1, 2, 3, 4);
      WorkloadSaga cart = d.workload(key("c1", "shop", "cart"));
      assertThat(cart.phase()).isEqualTo(SagaPhase.ROLLED_BACK);
      assertThat(cart.failure()).contains("no answer within PT20M after 4 attempts");
    }

    @Test
    void duplicateAndAbandonedResultsChangeNothing() {
      Fleet fleet = aksCluster();
      fleet.add(w("c1", "shop", "cart"));
      SagaDriver d = driver(fleet);
      SimulatedWorkers ok = new SimulatedWorkers();
      d.workers = c -> c instanceof RolloutRestart ? null : ok.apply(c);
      d.start(SagaDriver.request("m1", ALL, MigrationMode.EXECUTE)).runUntilQuiet();
      RolloutRestart first = d.sent(RolloutRestart.class).get(0);
      d.tick(Duration.ofMinutes(20)); // attempt 2 goes out
      d.outbox.clear();
      int sentBefore = d.sent.size();

      // attempt 1's late failure was abandoned
      d.deliver(SimulatedWorkers.failure(first, "Stuck", "stuck", false, d.now));
      assertThat(d.workload(key("c1", "shop", "cart")).phase()).isEqualTo(SagaPhase.PATCHED);
      // attempt 1's late success counts: it is the same idempotent command
      d.deliver(ok.apply(first));
      assertThat(d.sent.size()).isEqualTo(sentBefore + 1); // VerifyWorkload
      // the same success again is a duplicate
      d.deliver(ok.apply(first));
      assertThat(d.sent.size()).isEqualTo(sentBefore + 1);
    }
  }

  @Nested
  class WavesAndOperators {

    Fleet tenWorkloads() {
      Fleet fleet = aksCluster();
      for (int i = 0; i < 10; i++) {
        fleet.add(w("c1", "shop", "app-" + i));
      }
      return fleet;
    }

    @Test
    void theRestWaitsUntilTheCanaryIsVerified() {
      SagaDriver d = driver(tenWorkloads());
      SimulatedWorkers ok = new SimulatedWorkers();
      d.workers = c -> c instanceof VerifyWorkload ? null : ok.apply(c);

      d.start(SagaDriver.request("m1", ALL, MigrationMode.EXECUTE)).runUntilQuiet();

      assertThat(d.sent(EnsureServiceAccount.class)).hasSize(1); // the canary only
      VerifyWorkload canary = d.sent(VerifyWorkload.class).get(0);
      d.workers = ok;
      d.deliver(ok.apply(canary));
      d.runUntilQuiet();
      assertThat(d.sent(EnsureServiceAccount.class)).hasSize(10);
      assertThat(d.status()).isEqualTo(MigrationStatus.COMPLETED);
    }

    @Test
    void aCanaryFailureHaltsTheMigrationAndResumeGoesOn() {
      SagaDriver d = driver(tenWorkloads());
      d.workers = failing(VerifyWorkload.class, "PodsNotReady", false);

      d.start(SagaDriver.request("m1", ALL, MigrationMode.EXECUTE)).runUntilQuiet();

      assertThat(d.status()).isEqualTo(MigrationStatus.HALTED);
      assertThat(d.run.header().statusReason()).contains("canary workload").contains("verify");
      assertThat(d.sent(EnsureServiceAccount.class)).hasSize(1);

      d.workers = new SimulatedWorkers();
      d.apply(d.run.resume(d.now, "bob", () -> tenWorkloads().view()));
      d.runUntilQuiet();
      assertThat(d.sent(EnsureServiceAccount.class)).hasSize(10);
      assertThat(d.status()).isEqualTo(MigrationStatus.COMPLETED_WITH_FAILURES);
      assertThat(d.statusChanges)
          .extracting(Effects.StatusChange::to)
          .containsExactly(
              MigrationStatus.HALTED,
              MigrationStatus.RUNNING,
              MigrationStatus.COMPLETED_WITH_FAILURES);
    }

    @Test
    void pauseLetsRunningStepsFinishButStartsNothingNew() {
      SagaDriver d = driver(tenWorkloads());
      SimulatedWorkers ok = new SimulatedWorkers();
      d.workers = c -> c instanceof PatchWorkload ? null : ok.apply(c);
      d.start(SagaDriver.request("m1", ALL, MigrationMode.EXECUTE)).runUntilQuiet();
      PatchWorkload patch = d.sent(PatchWorkload.class).get(0);

      d.apply(d.run.pause(d.now, "bob"));
      d.deliver(ok.apply(patch));
      assertThat(d.sent(RolloutRestart.class)).isEmpty();
      assertThat(d.workload(patch.workload().key()).phase()).isEqualTo(SagaPhase.PATCHED);

      d.workers = ok;
      d.apply(d.run.resume(d.now, "bob", () -> tenWorkloads().view()));
      d.runUntilQuiet();
      assertThat(d.status()).isEqualTo(MigrationStatus.COMPLETED);
      assertThatThrownBy(() -> d.run.pause(d.now, "bob"))
          .isInstanceOf(MigrationRun.IllegalTransition.class)
          .hasMessageContaining("it is COMPLETED");
    }

    @Test
    void rollbackTakesStartedWorkloadsBackAndCancelsTheRest() {
      SagaDriver d = driver(tenWorkloads());
      SimulatedWorkers ok = new SimulatedWorkers();
      d.workers = c -> c instanceof RolloutRestart ? null : ok.apply(c);
      d.start(SagaDriver.request("m1", ALL, MigrationMode.EXECUTE)).runUntilQuiet();
      RolloutRestart running = d.sent(RolloutRestart.class).get(0);

      d.apply(d.run.rollback(d.now, "bob", () -> tenWorkloads().view()));
      assertThat(d.sent(Rollback.class)).isEmpty(); // waits for the running restart
      d.workers = ok;
      d.deliver(ok.apply(running));
      d.runUntilQuiet();

      assertThat(d.sent(Rollback.class)).hasSize(1);
      assertThat(d.sent(DeleteFederatedCredential.class)).hasSize(1);
      assertThat(d.run.workloads())
          .extracting(WorkloadSaga::phase)
          .containsOnly(SagaPhase.ROLLED_BACK);
      assertThat(d.status()).isEqualTo(MigrationStatus.ROLLED_BACK);
    }
  }

  @Nested
  class PodIdentityRemoval {

    @Test
    void theAddOnStaysWhileABlockedWorkloadOfTheClusterStillNeedsPodIdentity() {
      Fleet fleet = aksCluster();
      fleet
          .add(w("c1", "shop", "cart").identity("id-cart"))
          .add(w("c1", "shop", "legacy").identity("id-legacy").os(OperatingSystem.WINDOWS))
          .podIdentity("c1", "shop", "id-cart")
          .podIdentity("c1", "shop", "id-legacy");

      SagaDriver d = execute(fleet).runUntilQuiet();

      RemovePodIdentity removal = d.sent(RemovePodIdentity.class).get(0);
      assertThat(removal.podIdentityNames()).containsExactly("shop/id-cart");
      assertThat(removal.disableAddon()).isFalse();
      assertThat(d.workload(key("c1", "shop", "legacy")).phase()).isEqualTo(SagaPhase.BLOCKED);
      assertThat(d.workload(key("c1", "shop", "legacy")).reason()).containsIgnoringCase("windows");
      assertThat(d.status()).isEqualTo(MigrationStatus.COMPLETED);
    }

    @Test
    void anIdentityStillBoundToAnotherWorkloadIsKept() {
      Fleet fleet = aksCluster();
      fleet
          .add(w("c1", "shop", "cart"))
          .add(w("c1", "other", "keep"))
          .podIdentity("c1", "shop", "id-app");

      SagaDriver d =
          driver(fleet)
              .start(
                  SagaDriver.request(
                      "m1", new MigrationSelector("c1", "shop", null, null), MigrationMode.EXECUTE))
              .runUntilQuiet();

      assertThat(d.sent(RemovePodIdentity.class)).isEmpty();
      WorkloadSaga cart = d.workload(key("c1", "shop", "cart"));
      assertThat(cart.phase()).isEqualTo(SagaPhase.DONE);
      assertThat(d.run.sharedSteps())
          .filteredOn(s -> s.kind() == StepKind.REMOVE_POD_IDENTITY)
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.status()).isEqualTo(StepStatus.SKIPPED);
                assertThat(s.error()).contains("still used by").contains("other/Deployment/keep");
              });
    }
  }

  @Nested
  class DryRun {

    @Test
    void aDryRunReadsIdentitiesAndDryRunsClusterChangesOnlyAndKeepsTheDiffs() {
      Fleet fleet = new Fleet().aksCluster("c1", AKS + "c1", null, false);
      fleet.add(w("c1", "shop", "cart")).add(w("c1", "shop", "pay"));

      SagaDriver d =
          driver(fleet).start(SagaDriver.request("m1", ALL, MigrationMode.DRY_RUN)).runUntilQuiet();

      assertThat(d.sent.stream().map(c -> c.getClass().getSimpleName()).collect(Collectors.toSet()))
          .isEqualTo(Set.of("EnsureManagedIdentity", "EnsureServiceAccount", "PatchWorkload"));
      assertThat(d.sent(EnsureManagedIdentity.class)).allMatch(c -> !c.create());
      assertThat(d.sent(EnsureServiceAccount.class)).allMatch(EnsureServiceAccount::dryRun);
      assertThat(d.sent(PatchWorkload.class)).allMatch(PatchWorkload::dryRun);
      WorkloadSaga cart = d.workload(key("c1", "shop", "cart"));
      assertThat(cart.phase()).isEqualTo(SagaPhase.PREVIEWED);
      assertThat(cart.diffs()).hasSize(2).anyMatch(s -> s.contains("serviceAccountName"));
      assertThat(d.status()).isEqualTo(MigrationStatus.PREVIEWED);
    }
  }

  @Nested
  class Durability {

    @Test
    void rebuiltFromItsPersistedEntriesAfterEveryDecisionTheRunEndsTheSame() {
      Fleet fleet = new Fleet().aksCluster("c1", AKS + "c1", null, false);
      for (int i = 0; i < 5; i++) {
        fleet.add(w("c1", "shop", "app-" + i)).add(w("c1", "pay", "app-" + i).identity("id-pay"));
      }
      SagaDriver steady = driver(fleet);
      steady.start(SagaDriver.request("m1", ALL, MigrationMode.EXECUTE)).runUntilQuiet();
      SagaDriver crashing = driver(fleet);
      crashing.restartEveryStep = true;
      crashing.start(SagaDriver.request("m1", ALL, MigrationMode.EXECUTE)).runUntilQuiet();

      assertThat(crashing.status()).isEqualTo(MigrationStatus.COMPLETED);
      assertThat(crashing.sent).isEqualTo(steady.sent);
      assertThat(crashing.run.workloads())
          .extracting(WorkloadSaga::phase)
          .containsOnly(SagaPhase.DONE);
    }

    @Test
    void afterARestartTheRunningStepsAreSentAgainWithTheSameStepAndAttempt() {
      Fleet fleet = aksCluster();
      fleet.add(w("c1", "shop", "cart"));
      SagaDriver d = driver(fleet);
      SimulatedWorkers ok = new SimulatedWorkers();
      d.workers = c -> c instanceof RolloutRestart ? null : ok.apply(c);
      d.start(SagaDriver.request("m1", ALL, MigrationMode.EXECUTE)).runUntilQuiet();
      RolloutRestart before = d.sent(RolloutRestart.class).get(0);

      d.restart();
      Effects fx = d.run.resend(d.now);

      assertThat(fx.commands()).containsExactly(before);
    }
  }
}
