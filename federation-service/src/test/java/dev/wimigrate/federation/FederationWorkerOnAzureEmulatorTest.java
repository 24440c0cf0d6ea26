package dev.wimigrate.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wimigrate.azurekit.Retrier;
import dev.wimigrate.azurekit.RetryBudget;
import dev.wimigrate.azurekit.testing.EmulatorAzureSettings;
import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.ServiceAccountRef;
import dev.wimigrate.events.common.StepFailed;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.federation.CreateFederatedCredential;
import dev.wimigrate.events.federation.DeleteFederatedCredential;
import dev.wimigrate.events.federation.FederatedCredentialDeleted;
import dev.wimigrate.events.federation.FederatedCredentialReady;
import dev.wimigrate.federation.azure.AzureClients;
import dev.wimigrate.federation.credentials.FederatedCredentialStore;
import dev.wimigrate.federation.propagation.KubeconfigServiceAccountTokens;
import dev.wimigrate.federation.propagation.PropagationWaiter;
import dev.wimigrate.federation.propagation.TokenExchangeProbe;
import dev.wimigrate.testkit.azure.AzureEmulator;
import dev.wimigrate.testkit.azure.arm.ManagedIdentity;
import dev.wimigrate.testkit.azure.http.Operation;
import dev.wimigrate.testkit.azure.rules.ArmThrottling;
import dev.wimigrate.testkit.azure.rules.EmulatorRules;
import dev.wimigrate.testkit.azure.rules.FaultInjection;
import dev.wimigrate.testkit.kube.ControlPlane;
import dev.wimigrate.testkit.kube.ControlPlanes;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The worker on the real Azure SDK against the emulator (Azure's limit, 409 on concurrent writes,
 * propagation delay, throttling and faults switched on), probing propagation with service-account
 * tokens the real kube-apiserver issues.
 */
class FederationWorkerOnAzureEmulatorTest {

  static final Duration PROPAGATION = Duration.ofSeconds(3);

  static ControlPlane plane;
  static AzureEmulator azure;
  static FederatedCredentialStore store;
  static KubeconfigServiceAccountTokens tokens;
  static String ns;
  static final AtomicInteger retries = new AtomicInteger();

  @BeforeAll
  static void start() {
    plane = ControlPlanes.shared();
    azure =
        AzureEmulator.builder()
            .trustIssuerCa(plane.caCertificatePem())
            .registerClient(EmulatorAzureSettings.CLIENT_ID, EmulatorAzureSettings.CLIENT_SECRET)
            .ficPropagationDelay(PROPAGATION)
            .ficWriteHold(Duration.ofMillis(30))
            .start();
    store = new AzureClients(EmulatorAzureSettings.of(azure)).federatedCredentialStore();
    tokens = new KubeconfigServiceAccountTokens(Map.of(plane.name(), plane.adminKubeconfigFile()));
    KubernetesClient kube = plane.client();
    ns = "fed-" + UUID.randomUUID().toString().substring(0, 8);
    kube.namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    for (String sa : List.of("cart", "orders", "billing")) {
      kube.serviceAccounts()
          .inNamespace(ns)
          .resource(
              new ServiceAccountBuilder().withNewMetadata().withName(sa).endMetadata().build())
          .create();
    }
  }

  @AfterAll
  static void stop() {
    tokens.close();
    azure.close();
  }

  /** A worker that probes through the real apiserver and the emulator's Entra. */
  static FederationWorker probingWorker() {
    HttpClient http = HttpClient.newBuilder().sslContext(azure.sslContext()).build();
    PropagationWaiter waiter =
        new PropagationWaiter(
            new TokenExchangeProbe(tokens, http, azure.authorityHost(), azure.tenantId()),
            Clock.systemUTC(),
            d -> Thread.sleep(d.toMillis()),
            Duration.ofSeconds(30),
            Duration.ofMillis(250),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1));
    return new FederationWorker(store, retrier(), waiter, Clock.systemUTC(), 20);
  }

  /** A worker for clusters it has no kubeconfig for: no probe, no wait (unprobed wait 0). */
  static FederationWorker unprobedWorker() {
    PropagationWaiter waiter =
        new PropagationWaiter(
            new TokenExchangeProbe(
                (cluster, sa, audience) -> java.util.Optional.empty(),
                HttpClient.newHttpClient(),
                azure.authorityHost(),
                azure.tenantId()),
            Clock.systemUTC(),
            d -> Thread.sleep(d.toMillis()),
            Duration.ofSeconds(30),
            Duration.ofMillis(250),
            Duration.ofSeconds(1),
            Duration.ZERO);
    return new FederationWorker(store, retrier(), waiter, Clock.systemUTC(), 20);
  }

  static Retrier retrier() {
    return new Retrier(
        new RetryBudget(6, Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofSeconds(1)),
        Clock.systemUTC(),
        d -> Thread.sleep(d.toMillis()),
        ThreadLocalRandom.current(),
        (operation, failure, attempt, delay) -> retries.incrementAndGet());
  }

  static ManagedIdentity newIdentity() {
    return azure.createIdentity(
        "rg-fed", "mi-" + UUID.randomUUID().toString().substring(0, 8), "westeurope");
  }

  static CreateFederatedCredential create(ManagedIdentity identity, String issuer, String sa) {
    return new CreateFederatedCredential(
        new StepRef("mig-1", "fic-" + UUID.randomUUID(), 1),
        identity.id(),
        issuer,
        new ServiceAccountRef(ns, sa),
        plane.name(),
        null);
  }

  static CreateFederatedCredential createFor(ManagedIdentity identity, int i) {
    return new CreateFederatedCredential(
        new StepRef("mig-1", "fic-" + i + "-" + UUID.randomUUID(), 1),
        identity.id(),
        plane.issuerUrl(),
        new ServiceAccountRef("team-" + i, "app"),
        "cluster-without-probe",
        null);
  }

  @Test
  void aNewCredentialIsReadyOnlyOnceARealTokenExchangeSucceeds() throws Exception {
    ManagedIdentity identity = newIdentity();

    Event result = probingWorker().handle(create(identity, plane.issuerUrl(), "cart"));

    assertThat(result).isInstanceOf(FederatedCredentialReady.class);
    FederatedCredentialReady ready = (FederatedCredentialReady) result;
    assertThat(ready.created()).isTrue();
    assertThat(ready.subject()).isEqualTo("system:serviceaccount:" + ns + ":cart");
    // the emulator refuses the credential for PROPAGATION after it was written
    assertThat(ready.propagationWaited()).isGreaterThanOrEqualTo(PROPAGATION.minusMillis(500));
    assertThat(azure.tokensIssuedFor(identity)).isPositive();
    assertThat(azure.federatedCredentials(identity.id()))
        .singleElement()
        .satisfies(
            fic -> {
              assertThat(fic.name()).isEqualTo(ready.credentialName());
              assertThat(fic.issuer()).isEqualTo(plane.issuerUrl());
              assertThat(fic.audiences()).containsExactly("api://AzureADTokenExchange");
            });
  }

  @Test
  void aRedeliveredCreateWritesNothingAndIsReadyAgain() throws Exception {
    ManagedIdentity identity = newIdentity();
    CreateFederatedCredential command = create(identity, plane.issuerUrl(), "orders");
    FederationWorker worker = probingWorker();
    worker.handle(command);
    long writes = azure.answers(putOperation(), 200) + azure.answers(putOperation(), 201);

    Event again = worker.handle(command);

    assertThat(again).isInstanceOf(FederatedCredentialReady.class);
    assertThat(((FederatedCredentialReady) again).created()).isFalse();
    assertThat(azure.answers(putOperation(), 200) + azure.answers(putOperation(), 201))
        .isEqualTo(writes);
    assertThat(azure.federatedCredentials(identity.id())).hasSize(1);
  }

  @Test
  void anIssuerWithATrailingSlashIsRefusedAsAMismatchWithoutWaitingOutTheTimeout()
      throws Exception {
    ManagedIdentity identity = newIdentity();
    long start = System.nanoTime();

    Event result = probingWorker().handle(create(identity, plane.issuerUrl() + "/", "billing"));

    assertThat(result).isInstanceOf(StepFailed.class);
    StepFailed failed = (StepFailed) result;
    assertThat(failed.retryable()).isFalse();
    assertThat(failed.errorCode()).startsWith("AADSTS");
    assertThat(failed.reason())
        .contains("can never match")
        .contains("issuer")
        .contains("only a trailing slash differs")
        .contains(identity.id());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void theTwentyFirstCredentialIsRefusedNamingTheIdentityAndItsCredentials() throws Exception {
    ManagedIdentity identity = newIdentity();
    FederationWorker worker = unprobedWorker();
    for (int i = 0; i < 20; i++) {
      assertThat(worker.handle(createFor(identity, i)))
          .isInstanceOf(FederatedCredentialReady.class);
    }

    Event result = worker.handle(createFor(identity, 20));

    assertThat(result).isInstanceOf(StepFailed.class);
    StepFailed failed = (StepFailed) result;
    assertThat(failed.errorCode()).isEqualTo("FederatedCredentialLimitReached");
    assertThat(failed.retryable()).isFalse();
    assertThat(failed.reason())
        .contains(identity.id())
        .contains("already has 20 of at most 20")
        .contains("system:serviceaccount:team-0:app")
        .contains("system:serviceaccount:team-19:app")
        .contains("plan an overflow identity for system:serviceaccount:team-20:app");
    assertThat(azure.federatedCredentials(identity.id())).hasSize(20);
  }

  @Test
  void aBurstOfFiftyCommandsForOneIdentityCausesNoConcurrentWriteConflicts() throws Exception {
    ManagedIdentity identity = newIdentity();
    FederationWorker worker = unprobedWorker();
    long conflictsBefore = azure.rejectedConcurrentWrites();
    List<Future<Event>> results = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      for (int i = 0; i < 50; i++) {
        CreateFederatedCredential command = createFor(identity, i);
        results.add(pool.submit(() -> worker.handle(command)));
      }
      int ready = 0;
      int refused = 0;
      for (Future<Event> result : results) {
        Event event = result.get();
        if (event instanceof FederatedCredentialReady) {
          ready++;
        } else if (event instanceof StepFailed failed
            && failed.errorCode().equals("FederatedCredentialLimitReached")) {
          refused++;
        } else {
          throw new AssertionError("unexpected result " + event);
        }
      }
      assertThat(ready).isEqualTo(20);
      assertThat(refused).isEqualTo(30);
    } finally {
      pool.shutdownNow();
    }
    assertThat(azure.rejectedConcurrentWrites()).isEqualTo(conflictsBefore);
    assertThat(azure.federatedCredentials(identity.id())).hasSize(20);
  }

  @Test
  void throttlingAndServerErrorsAreRetriedUntilTheCredentialIsWritten() throws Exception {
    ManagedIdentity identity = newIdentity();
    int retriesBefore = retries.get();
    azure.failNextArmCalls(
        FaultInjection.Kind.SERVICE_UNAVAILABLE,
        FaultInjection.Kind.INTERNAL_ERROR,
        FaultInjection.Kind.GATEWAY_TIMEOUT);

    Event result = unprobedWorker().handle(createFor(identity, 1));

    assertThat(result).isInstanceOf(FederatedCredentialReady.class);
    assertThat(retries.get() - retriesBefore).isGreaterThanOrEqualTo(3);
    assertThat(azure.federatedCredentials(identity.id())).hasSize(1);
  }

  @Test
  void throttlingSlowsABurstDownButEveryCommandSucceeds() throws Exception {
    ManagedIdentity identity = newIdentity();
    FederationWorker worker = unprobedWorker();
    long throttledBefore = azure.throttledCalls();
    int retriesBefore = retries.get();
    EmulatorRules before = azure.rules();
    azure.updateRules(
        r ->
            r.withThrottling(
                ArmThrottling.azure()
                    .withReads(new ArmThrottling.Bucket(4, 4))
                    .withWrites(new ArmThrottling.Bucket(2, 2))));
    try {
      List<Future<Event>> results = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        for (int i = 0; i < 8; i++) {
          CreateFederatedCredential command = createFor(identity, i);
          results.add(pool.submit(() -> worker.handle(command)));
        }
        for (Future<Event> result : results) {
          assertThat(result.get()).isInstanceOf(FederatedCredentialReady.class);
        }
      } finally {
        pool.shutdownNow();
      }
    } finally {
      azure.updateRules(r -> before);
    }
    assertThat(azure.throttledCalls()).isGreaterThan(throttledBefore);
    assertThat(retries.get()).isGreaterThan(retriesBefore);
    assertThat(azure.federatedCredentials(identity.id())).hasSize(8);
  }

  @Test
  void serverErrorsThatDoNotStopAreReportedAsRetryableOnceTheBudgetIsSpent() throws Exception {
    ManagedIdentity identity = newIdentity();
    int retriesBefore = retries.get();
    EmulatorRules before = azure.rules();
    azure.updateRules(
        r -> r.withFaults(FaultInjection.of(1.0, 42, FaultInjection.Kind.INTERNAL_ERROR)));
    Event result;
    try {
      result = unprobedWorker().handle(createFor(identity, 1));
    } finally {
      azure.updateRules(r -> before);
    }
    assertThat(result).isInstanceOf(StepFailed.class);
    StepFailed failed = (StepFailed) result;
    assertThat(failed.retryable()).isTrue();
    assertThat(failed.errorCode()).isEqualTo("InternalServerError");
    assertThat(failed.reason()).contains("HTTP 500").contains(identity.id());
    // six attempts in the test's budget: five retries, then the failure is reported
    assertThat(retries.get() - retriesBefore).isEqualTo(5);
    assertThat(azure.federatedCredentials(identity.id())).isEmpty();
  }

  @Test
  void deletingTwiceSucceedsBothTimesSoARollbackCanBeRedelivered() throws Exception {
    ManagedIdentity identity = newIdentity();
    FederationWorker worker = unprobedWorker();
    CreateFederatedCredential created = createFor(identity, 7);
    worker.handle(created);
    DeleteFederatedCredential delete =
        new DeleteFederatedCredential(
            new StepRef("mig-1", "del-" + UUID.randomUUID(), 1),
            identity.id(),
            created.issuer(),
            created.serviceAccount());

    Event first = worker.handle(delete);
    Event second = worker.handle(delete);

    assertThat(first).isInstanceOf(FederatedCredentialDeleted.class);
    assertThat(second).isInstanceOf(FederatedCredentialDeleted.class);
    await().until(() -> azure.federatedCredentials(identity.id()).isEmpty());
  }

  @Test
  void aCredentialOnAnIdentityThatDoesNotExistFailsWithArmsCode() throws Exception {
    ManagedIdentity ghost =
        new ManagedIdentity(
            ManagedIdentity.resourceId(azure.subscriptionId(), "rg-fed", "mi-missing"),
            azure.subscriptionId(),
            "rg-fed",
            "mi-missing",
            "westeurope",
            Map.of(),
            azure.tenantId(),
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString());

    Event result = unprobedWorker().handle(createFor(ghost, 1));

    assertThat(result).isInstanceOf(StepFailed.class);
    StepFailed failed = (StepFailed) result;
    assertThat(failed.errorCode()).isEqualTo("ResourceNotFound");
    assertThat(failed.retryable()).isFalse();
    assertThat(failed.reason()).contains("HTTP 404").contains("mi-missing");
  }

  static Operation putOperation() {
    return Operation.FIC_PUT;
  }
}
