package dev.wimigrate.demo;

import dev.wimigrate.testkit.azure.AzureEmulator;
import dev.wimigrate.testkit.azure.rules.FaultInjection;
import dev.wimigrate.testkit.kafka.KafkaBrokers;
import dev.wimigrate.testkit.kafka.KafkaEndpoint;
import dev.wimigrate.testkit.kafka.KafkaTopics;
import dev.wimigrate.testkit.kube.ControlPlane;
import dev.wimigrate.testkit.kube.ControlPlanes;
import dev.wimigrate.testkit.kube.TestBedBinaries;
import dev.wimigrate.testkit.pki.CertificateAuthority;
import dev.wimigrate.testkit.process.Ports;
import dev.wimigrate.testkit.services.ServiceProcess;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything the demo and the fleet end-to-end test run on, on this machine and without Docker: the
 * local Kafka broker, the Azure emulator, {@code clusters} real Kubernetes control planes (KWOK
 * Linux and Windows nodes) populated by {@link FleetSimulation}, and the packaged services as
 * processes: inventory-service (with an API key), identity-service, federation-service (probing
 * each cluster for propagation), one cluster-agent and one Workload ID webhook per cluster (the
 * webhook registered with that cluster's apiserver). {@link #close()} stops all of it.
 */
public final class DemoEnvironment implements AutoCloseable {

  /** The service principal the Azure-facing services sign in with at the emulator. */
  public static final String SERVICE_CLIENT_ID = "wimigrate-demo-services";

  static final String SERVICE_CLIENT_SECRET = "demo-only-secret";

  /** The name the webhook is registered under in every cluster (as deploy/webhook does). */
  public static final String WEBHOOK_CONFIGURATION = "wimigrate-webhook";

  /** How the environment is shaped. */
  public record Settings(
      int clusters,
      int workloadsPerCluster,
      int fanout,
      Set<String> failVerification,
      boolean armFaults,
      Duration ficPropagationDelay) {}

  private final List<AutoCloseable> closeables =
      java.util.Collections.synchronizedList(new ArrayList<>());
  private final Consumer<String> log;
  private KafkaEndpoint kafka;
  private AzureEmulator azure;
  private final List<ControlPlane> planes = new ArrayList<>();
  private FleetSimulation.Fleet fleet;
  private ServiceProcess inventory;
  private ServiceProcess identity;
  private ServiceProcess federation;
  private final Map<String, ServiceProcess> agents = new LinkedHashMap<>();
  private final Map<String, ServiceProcess> webhooks = new LinkedHashMap<>();
  private String apiKey;
  private Path caFile;

  private DemoEnvironment(Consumer<String> log) {
    this.log = log;
  }

  /** Starts everything; on a failure what was started is stopped again. */
  public static DemoEnvironment start(Settings settings, Consumer<String> log) {
    DemoEnvironment env = new DemoEnvironment(log);
    try {
      env.startAll(settings);
      return env;
    } catch (RuntimeException | Error e) {
      env.close();
      throw e;
    }
  }

  private void startAll(Settings settings) {
    long t0 = System.nanoTime();
    step(
        "test bed binaries (kube-apiserver, etcd, KWOK; first run builds them: 6-9 min)",
        () -> {
          TestBedBinaries.locate();
          return null;
        });
    kafka = step("Kafka broker (KRaft, own JVM)", KafkaBrokers::startNew);
    closeables.add(kafka);
    KafkaTopics.createMissing(kafka.bootstrapServers(), 6);
    for (int i = 1; i <= settings.clusters(); i++) {
      String name = "demo-" + i;
      ControlPlane plane =
          step(
              "control plane " + name + " (apiserver, controller-manager, scheduler, KWOK nodes)",
              () -> ControlPlanes.startNew(name));
      planes.add(plane);
      closeables.add(plane);
    }
    azure =
        step(
            "Azure emulator (ARM + Entra)",
            () -> {
              AzureEmulator.Builder b =
                  AzureEmulator.builder()
                      .registerClient(SERVICE_CLIENT_ID, SERVICE_CLIENT_SECRET)
                      .ficPropagationDelay(settings.ficPropagationDelay());
              planes.forEach(p -> b.trustIssuerCa(p.caCertificatePem()));
              if (settings.armFaults()) {
                b.faults(
                    FaultInjection.of(
                        0.05,
                        7,
                        FaultInjection.Kind.INTERNAL_ERROR,
                        FaultInjection.Kind.SERVICE_UNAVAILABLE));
              }
              return b.start();
            });
    closeables.add(azure);
    caFile = write("azure-emulator-ca", ".pem", azure.caCertificatePem());
    fleet =
        step(
            "simulated fleet (pod identity CRDs and objects, KEDA, workloads; Azure identities,"
                + " role assignments, managed clusters)",
            () ->
                new FleetSimulation(
                        azure,
                        settings.workloadsPerCluster(),
                        settings.fanout(),
                        settings.failVerification())
                    .populate(planes));
    log.accept(
        "  fleet: "
            + fleet.clusters().size()
            + " clusters, "
            + fleet.workloads().size()
            + " workloads, "
            + fleet.identities().size()
            + " identities");

    apiKey = "demo-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    CertificateAuthority webhookCa = CertificateAuthority.create("wimigrate-demo-webhook-ca");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      long t = System.nanoTime();
      log.accept(
          "• starting the services: inventory, identity, federation, and per cluster an agent"
              + " and a webhook ("
              + (3 + 2 * planes.size())
              + " JVMs) …");
      Future<ServiceProcess> inv = pool.submit(this::startInventory);
      Future<ServiceProcess> ids = pool.submit(this::startIdentity);
      Future<ServiceProcess> fed = pool.submit(this::startFederation);
      Map<String, Future<ServiceProcess>> hooks = new LinkedHashMap<>();
      for (ControlPlane plane : planes) {
        hooks.put(plane.name(), pool.submit(() -> startWebhook(plane, webhookCa)));
      }
      inventory = await(inv);
      identity = await(ids);
      federation = await(fed);
      for (var e : hooks.entrySet()) {
        webhooks.put(e.getKey(), await(e.getValue()));
      }
      for (ControlPlane plane : planes) {
        registerWebhook(plane, webhooks.get(plane.name()).httpPort(), webhookCa.certificatePem());
      }
      Map<String, Future<ServiceProcess>> agentStarts = new LinkedHashMap<>();
      for (FleetSimulation.SimCluster c : fleet.clusters()) {
        agentStarts.put(c.clusterId(), pool.submit(() -> startAgent(c)));
      }
      for (var e : agentStarts.entrySet()) {
        agents.put(e.getKey(), await(e.getValue()));
      }
      log.accept(String.format("  services ready in %.1f s", seconds(t)));
      step("discovery: every agent's snapshot in the inventory", this::awaitDiscovery);
    } finally {
      pool.shutdownNow();
    }
    log.accept(String.format("  environment ready in %.1f s", seconds(t0)));
  }

  /** Waits until the inventory holds each cluster's snapshot with all its simulated workloads. */
  private Void awaitDiscovery() {
    MigrationApi api = migrationApi();
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        com.fasterxml.jackson.databind.JsonNode byCluster = api.fleetSummary().path("byCluster");
        boolean complete = true;
        StringBuilder seen = new StringBuilder();
        for (FleetSimulation.SimCluster c : fleet.clusters()) {
          com.fasterxml.jackson.databind.JsonNode s = byCluster.path(c.clusterId());
          int expected = fleet.workloadsOf(c.clusterId()).size();
          int workloads = s.path("workloads").asInt(0);
          seen.append(' ').append(c.clusterId()).append('=').append(workloads);
          if (s.path("lastSnapshotAt").isMissingNode()
              || s.path("lastSnapshotAt").isNull()
              || workloads < expected) {
            complete = false;
          }
        }
        last = seen.toString();
        if (complete) {
          log.accept("  workloads reported:" + last);
          return null;
        }
      } catch (RuntimeException notYet) {
        last = notYet.getMessage();
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("the agents' discovery did not reach the inventory: " + last);
  }

  private ServiceProcess startInventory() {
    ServiceProcess s =
        ServiceProcess.of("inventory-service")
            .env("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers())
            .config("wimigrate.auth.api-keys.\"demo\".sha256", sha256(apiKey))
            .config("wimigrate.auth.api-keys.\"demo\".roles", "migrations.read,migrations.write")
            .config("wimigrate.saga.retry-backoff", "2s")
            .config("wimigrate.saga.verify-timeout", "2m")
            .readyTimeout(Duration.ofMinutes(4))
            .start();
    closeables.add(s);
    return s;
  }

  private ServiceProcess.Builder azureService(String module, String channel) {
    return ServiceProcess.of(module)
        .env("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers())
        .config("wimigrate.azure.arm-endpoint", azure.armUrl())
        .config("wimigrate.azure.authority-host", azure.authorityHost())
        .config("wimigrate.azure.tenant-id", azure.tenantId())
        .config("wimigrate.azure.client-id", SERVICE_CLIENT_ID)
        .config("wimigrate.azure.client-secret", SERVICE_CLIENT_SECRET)
        .config("wimigrate.azure.ca-file", caFile.toString())
        .readyTimeout(Duration.ofMinutes(4));
  }

  private ServiceProcess startIdentity() {
    ServiceProcess s =
        azureService("identity-service", "identity-commands")
            .config("wimigrate.identity.cluster-operations.poll-interval", "1s")
            .start();
    closeables.add(s);
    return s;
  }

  private ServiceProcess startFederation() {
    ServiceProcess.Builder b = azureService("federation-service", "federation-commands");
    // the propagation probe mints service-account tokens in each cluster (TokenRequest)
    for (ControlPlane plane : planes) {
      b.config(
          "wimigrate.federation.probe-kubeconfigs.\"" + plane.name() + "\"",
          plane.adminKubeconfigFile().toString());
    }
    ServiceProcess s = b.config("wimigrate.federation.propagation.first-pause", "1s").start();
    closeables.add(s);
    return s;
  }

  private ServiceProcess startWebhook(ControlPlane plane, CertificateAuthority ca) {
    int port = Ports.freePort();
    Path certificate;
    try {
      certificate =
          ca.issueServer("127.0.0.1", List.of("localhost"), List.of("127.0.0.1"))
              .writePem(Files.createTempDirectory("wimigrate-demo-webhook-tls"), "tls");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ServiceProcess s =
        ServiceProcess.of("proxy-sidecar/webhook")
            .httpPort(port)
            .env("WEBHOOK_PORT", Integer.toString(port))
            .env("WEBHOOK_TLS_CERT_FILE", certificate.toString())
            .env("WEBHOOK_TLS_KEY_FILE", certificate.resolveSibling("tls.key").toString())
            .env("AZURE_TENANT_ID", azure.tenantId())
            .env("KUBECONFIG", plane.adminKubeconfigFile().toString())
            .https(ca.trustingSslContext())
            .readyTimeout(Duration.ofMinutes(4))
            .start();
    closeables.add(s);
    return s;
  }

  private ServiceProcess startAgent(FleetSimulation.SimCluster c) {
    ServiceProcess s =
        ServiceProcess.of("cluster-agent")
            .env("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers())
            .env("KUBECONFIG", c.plane().adminKubeconfigFile().toString())
            .env("CLUSTER_ID", c.clusterId())
            .env("CLUSTER_RESOURCE_ID", c.resourceId())
            .config("wimigrate.agent.rollout-poll-interval", "500ms")
            // the first report waits until the Kafka emitters are wired: with many JVMs starting
            // on two cores the default 2 s is too short (the scheduled report then fails once and
            // the next comes only after its interval)
            .config("wimigrate.agent.start-delay", "10s")
            .readyTimeout(Duration.ofMinutes(4))
            .start();
    closeables.add(s);
    return s;
  }

  /**
   * Registers the webhook for pods labelled {@code azure.workload.identity/use=true} outside
   * kube-system (as {@code deploy/webhook/mutatingwebhookconfiguration.yaml}), then waits until the
   * apiserver calls it.
   */
  static void registerWebhook(ControlPlane plane, int port, String caPem) {
    KubernetesClient kube = plane.client();
    MutatingWebhookConfiguration configuration =
        new MutatingWebhookConfigurationBuilder()
            .withNewMetadata()
            .withName(WEBHOOK_CONFIGURATION)
            .endMetadata()
            .addNewWebhook()
            .withName("mutation.workload-identity.wimigrate.dev")
            .withAdmissionReviewVersions("v1")
            .withSideEffects("None")
            .withFailurePolicy("Fail")
            .withMatchPolicy("Equivalent")
            .withReinvocationPolicy("IfNeeded")
            .withTimeoutSeconds(10)
            .withNewClientConfig()
            .withUrl("https://127.0.0.1:" + port + "/mutate-v1-pod")
            .withCaBundle(
                Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)))
            .endClientConfig()
            .addNewRule()
            .withApiGroups("")
            .withApiVersions("v1")
            .withOperations("CREATE")
            .withResources("pods")
            .endRule()
            .withNewNamespaceSelector()
            .addNewMatchExpression()
            .withKey("kubernetes.io/metadata.name")
            .withOperator("NotIn")
            .withValues("kube-system")
            .endMatchExpression()
            .endNamespaceSelector()
            .withNewObjectSelector()
            .addToMatchLabels("azure.workload.identity/use", "true")
            .endObjectSelector()
            .endWebhook()
            .build();
    kube.admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .resource(configuration)
        .serverSideApply();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        boolean mutated =
            kube
                .pods()
                .inNamespace("default")
                .resource(
                    new PodBuilder()
                        .withNewMetadata()
                        .withName("webhook-probe")
                        .addToLabels("azure.workload.identity/use", "true")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("c")
                        .withImage("busybox")
                        .endContainer()
                        .endSpec()
                        .build())
                .dryRun()
                .create()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv()
                .stream()
                .anyMatch(e -> e.getName().equals("AZURE_FEDERATED_TOKEN_FILE"));
        if (mutated) {
          return;
        }
      } catch (RuntimeException notYet) {
        // the apiserver picks the configuration up asynchronously
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the apiserver of " + plane.name() + " never called the webhook");
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  // ------------------------------------------------------------------ accessors

  public AzureEmulator azure() {
    return azure;
  }

  public KafkaEndpoint kafka() {
    return kafka;
  }

  public List<ControlPlane> planes() {
    return List.copyOf(planes);
  }

  public ControlPlane plane(String clusterId) {
    return planes.stream()
        .filter(p -> p.name().equals(clusterId))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no cluster " + clusterId));
  }

  public FleetSimulation.Fleet fleet() {
    return fleet;
  }

  public ServiceProcess inventory() {
    return inventory;
  }

  public ServiceProcess identityService() {
    return identity;
  }

  public ServiceProcess federationService() {
    return federation;
  }

  public Map<String, ServiceProcess> agents() {
    return Map.copyOf(agents);
  }

  public Map<String, ServiceProcess> webhooks() {
    return Map.copyOf(webhooks);
  }

  /** The API key the inventory-service accepts (roles migrations.read and migrations.write). */
  public String apiKey() {
    return apiKey;
  }

  public MigrationApi migrationApi() {
    return new MigrationApi(inventory.baseUrl(), apiKey);
  }

  @Override
  public void close() {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        log.accept("  (stopping " + closeables.get(i) + " failed: " + e + ")");
      }
    }
    closeables.clear();
  }

  // ------------------------------------------------------------------ helpers

  private <T> T step(String what, Supplier<T> action) {
    long t = System.nanoTime();
    log.accept("• " + what + " …");
    T result = action.get();
    log.accept(String.format("  done in %.1f s", seconds(t)));
    return result;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path write(String prefix, String suffix, String content) {
    try {
      Path file = Files.createTempFile(prefix, suffix);
      Files.writeString(file, content);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
