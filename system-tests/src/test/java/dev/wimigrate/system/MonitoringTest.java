package dev.wimigrate.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.wimigrate.events.cluster.ClusterCommand;
import dev.wimigrate.events.cluster.VerifyWorkload;
import dev.wimigrate.events.common.OperatingSystem;
import dev.wimigrate.events.common.SdkGeneration;
import dev.wimigrate.events.common.WorkloadKind;
import dev.wimigrate.events.common.WorkloadRef;
import dev.wimigrate.events.inventory.ClusterObserved;
import dev.wimigrate.events.inventory.ContainerInfo;
import dev.wimigrate.events.inventory.PodIdentityBindingRef;
import dev.wimigrate.events.inventory.PodIdentityObserved;
import dev.wimigrate.events.inventory.WorkloadIdentityState;
import dev.wimigrate.events.inventory.WorkloadObserved;
import dev.wimigrate.testkit.azure.AzureEmulator;
import dev.wimigrate.testkit.azure.arm.FederatedCredential;
import dev.wimigrate.testkit.azure.arm.ManagedIdentity;
import dev.wimigrate.testkit.azure.rules.ArmThrottling;
import dev.wimigrate.testkit.kafka.EventTestClient;
import dev.wimigrate.testkit.kafka.KafkaBrokers;
import dev.wimigrate.testkit.kafka.KafkaTopics;
import dev.wimigrate.testkit.kube.ControlPlane;
import dev.wimigrate.testkit.kube.ControlPlanes;
import dev.wimigrate.testkit.pki.CertificateAuthority;
import dev.wimigrate.testkit.process.CommandResult;
import dev.wimigrate.testkit.process.Ports;
import dev.wimigrate.testkit.prometheus.DashboardQueries;
import dev.wimigrate.testkit.prometheus.PrometheusServer;
import dev.wimigrate.testkit.services.ServiceProcess;
import dev.wimigrate.testkit.workers.SimulatedServices;
import dev.wimigrate.testkit.workers.SimulatedWorkers;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard against a real Prometheus (Debian package) scraping the packaged services
 * during a migration: inventory-service runs the saga over the real broker, identity-service and
 * federation-service do its Azure side against the emulator (with ARM throttling on), simulated
 * cluster agents answer the cluster commands (one workload's verification fails and is rolled
 * back), a ticketing system hears the status changes, the IMDS proxy sidecar exchanges a real
 * service-account token of the control plane for an Entra token through the credential the
 * migration created, and the webhook answers admission reviews. Every dashboard query must be valid
 * PromQL and return data; the alert and recording rules must load.
 */
class MonitoringTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String API_KEY = "monitoring-test-key";
  static final String RG = "rg-monitoring";
  static final String AUDIENCE = "api://AzureADTokenExchange";

  /**
   * Dashboard queries that cannot return data in this test, with the reason; they must still be
   * valid PromQL. Empty: every panel has data here.
   */
  static final Map<String, String> NO_DATA_HERE = Map.of();

  final List<AutoCloseable> closeables = new ArrayList<>();

  @Test
  void everyDashboardQueryIsValidPromqlAndReturnsDataWhileAMigrationRuns() throws Exception {
    Path root = ServiceProcess.repositoryRoot();
    Path dashboard = root.resolve("deploy/grafana/wimigrate-migration.json");
    Path rules = root.resolve("deploy/prometheus/rules.yml");

    CommandResult promtool = PrometheusServer.checkRules(rules);
    assertThat(promtool.exitCode()).as(promtool.stdout() + promtool.stderr()).isZero();
    checkScrapeConfigs(root.resolve("deploy/prometheus"));

    ControlPlane plane = ControlPlanes.shared();
    String bootstrap = KafkaBrokers.shared().bootstrapServers();
    KafkaTopics.createMissing(bootstrap, 3);
    String run = UUID.randomUUID().toString().substring(0, 8);
    String cluster = "mon-" + run;
    String namespace = "mon-" + run;
    try (AzureEmulator azure =
        AzureEmulator.builder()
            .trustIssuerCa(plane.caCertificatePem())
            .registerClient(EmulatedAzureService.CLIENT_ID, EmulatedAzureService.CLIENT_SECRET)
            .ficPropagationDelay(Duration.ZERO)
            // a small read bucket: the services meet 429s and retry after Retry-After
            .throttling(ArmThrottling.azure().withReads(new ArmThrottling.Bucket(1, 0.5)))
            .start()) {
      ManagedIdentity identity = azure.createIdentity(RG, "mi-" + run, "westeurope");
      String clusterResourceId = managedCluster(azure, plane, cluster, namespace, identity);

      // the migrated workload app-1 keeps its service account: its proxy sidecar exchanges that
      // account's token through the credential the migration creates
      Path tokenFile = serviceAccountToken(plane, namespace, "app-1", identity);
      // the services, started side by side
      ServiceProcess inventory;
      ServiceProcess identityService;
      ServiceProcess federationService;
      ServiceProcess webhook;
      ServiceProcess proxy;
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        Future<ServiceProcess> inv =
            pool.submit(
                () ->
                    ServiceProcess.of("inventory-service")
                        .env("KAFKA_BOOTSTRAP_SERVERS", bootstrap)
                        .config("wimigrate.auth.api-keys.\"monitoring\".sha256", sha256(API_KEY))
                        .config(
                            "wimigrate.auth.api-keys.\"monitoring\".roles",
                            "migrations.read,migrations.write")
                        .config("wimigrate.saga.retry-backoff", "1s")
                        .readyTimeout(Duration.ofMinutes(3))
                        .start());
        Future<ServiceProcess> ids =
            pool.submit(
                () ->
                    EmulatedAzureService.of(
                            "identity-service", "identity-commands", azure, bootstrap)
                        .config("wimigrate.identity.cluster-operations.poll-interval", "1s")
                        .readyTimeout(Duration.ofMinutes(3))
                        .start());
        Future<ServiceProcess> fed =
            pool.submit(
                () ->
                    EmulatedAzureService.of(
                            "federation-service", "federation-commands", azure, bootstrap)
                        .config("wimigrate.federation.propagation.unprobed-wait", "1s")
                        .readyTimeout(Duration.ofMinutes(3))
                        .start());
        Future<ServiceProcess> hook = pool.submit(() -> startWebhook(plane, azure));
        Future<ServiceProcess> sidecar = pool.submit(() -> startProxy(azure, identity, tokenFile));
        inventory = keep(inv.get());
        identityService = keep(ids.get());
        federationService = keep(fed.get());
        webhook = keep(hook.get());
        proxy = keep(sidecar.get());
      } finally {
        pool.shutdownNow();
      }

      // the ticketing system that hears the migration's status changes
      List<String> callbacks = new CopyOnWriteArrayList<>();
      HttpServer ticketing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      ticketing.createContext(
          "/ticket",
          exchange -> {
            callbacks.add(new String(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
          });
      ticketing.start();
      closeables.add(() -> ticketing.stop(0));

      // simulated cluster agents for this cluster; app-3's pods never get ready
      SimulatedWorkers ok = new SimulatedWorkers();
      SimulatedServices agents =
          new SimulatedServices(
              bootstrap, c -> c instanceof ClusterCommand cc && cluster.equals(cc.clusterId()));
      agents.workers =
          c ->
              c instanceof VerifyWorkload v && v.workload().name().equals("app-3")
                  ? SimulatedWorkers.failure(
                      c, "PodsNotReady", "0/2 pods ready", false, Instant.now())
                  : ok.apply(c);
      closeables.add(agents);

      PrometheusServer prometheus =
          PrometheusServer.start(
              List.of(
                  PrometheusServer.Target.http("inventory-service", inventory.httpPort()),
                  PrometheusServer.Target.http("identity-service", identityService.httpPort()),
                  PrometheusServer.Target.http("federation-service", federationService.httpPort()),
                  PrometheusServer.Target.https("webhook", webhook.httpPort()),
                  PrometheusServer.Target.http("proxy", proxy.httpPort())),
              Duration.ofSeconds(1),
              List.of(rules));
      closeables.add(prometheus);

      // the cluster as its agent reports it: three Linux workloads and a Windows one (blocked)
      try (EventTestClient events = new EventTestClient(bootstrap)) {
        events.send(
            new ClusterObserved(
                cluster,
                plane.kubernetesVersion(),
                plane.issuerUrl(),
                true,
                true,
                false,
                Instant.now(),
                clusterResourceId));
        events.send(
            new PodIdentityObserved(
                cluster,
                namespace,
                identity.name(),
                0,
                identity.id(),
                identity.clientId(),
                List.of(identity.name() + "-binding"),
                List.of(identity.name()),
                false,
                Instant.now()));
        for (String name : List.of("app-1", "app-2", "app-3")) {
          events.send(workload(cluster, namespace, name, OperatingSystem.LINUX, identity));
        }
        events.send(workload(cluster, namespace, "win-1", OperatingSystem.WINDOWS, identity));
      }
      HttpClient http = HttpClient.newHttpClient();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  JSON.readTree(
                              api(
                                      http,
                                      inventory,
                                      "GET",
                                      "/api/v1/workloads?cluster=" + cluster,
                                      null)
                                  .body())
                          .path("items")
                          .size()
                      == 4);

      String ticket = "OPS-" + run;
      String callback = "http://127.0.0.1:" + ticketing.getAddress().getPort() + "/ticket";
      HttpResponse<String> started =
          api(
              http,
              inventory,
              "POST",
              "/api/v1/migrations",
              "{\"selector\":{\"clusterId\":\""
                  + cluster
                  + "\"},\"mode\":\"execute\",\"ticket\":{\"system\":\"jira\",\"id\":\""
                  + ticket
                  + "\",\"callbackUrl\":\""
                  + callback
                  + "\"}}");
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      String migration = JSON.readTree(started.body()).path("migrationId").asText();
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () ->
                  assertThat(
                          JSON.readTree(
                                  api(
                                          http,
                                          inventory,
                                          "GET",
                                          "/api/v1/migrations/" + migration,
                                          null)
                                      .body())
                              .path("status")
                              .asText())
                      .isEqualTo("COMPLETED_WITH_FAILURES"));
      JsonNode result =
          JSON.readTree(
              api(http, inventory, "GET", "/api/v1/migrations/" + migration, null).body());
      assertThat(result.path("workloadsByPhase").path("DONE").asInt()).isEqualTo(2);
      assertThat(result.path("workloadsByPhase").path("ROLLED_BACK").asInt()).isEqualTo(1);
      assertThat(result.path("workloadsByPhase").path("BLOCKED").asInt()).isEqualTo(1);
      assertThat(azure.throttledCalls())
          .as("ARM throttled the services: %s", azure.callStatuses())
          .isPositive();

      assertThat(azure.federatedCredentials(identity))
          .extracting(FederatedCredential::subject)
          .containsExactlyInAnyOrder(
              "system:serviceaccount:" + namespace + ":app-1",
              "system:serviceaccount:" + namespace + ":app-2");

      // the data plane: app-1's proxy sidecar gets a token through the credential the migration
      // created (the second from its cache), and the webhook answers admission reviews
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> token = imdsToken(http, proxy);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(JSON.readTree(token.body()).path("access_token").asText()).isNotBlank();
      }
      admissionReviews(webhook, plane, namespace, identity);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(callbacks).isNotEmpty());

      // every query: valid PromQL and at least one series
      List<DashboardQueries.Query> queries = DashboardQueries.read(dashboard);
      assertThat(queries).hasSizeGreaterThan(20);
      Map<String, Integer> series = new LinkedHashMap<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(
              () -> {
                series.clear();
                for (DashboardQueries.Query q : queries) {
                  // throws with Prometheus' message when the query is not valid PromQL
                  series.put(q.toString(), prometheus.query(q.expr()).seriesCount());
                }
                assertThat(series)
                    .as("series per dashboard query; targets %s", prometheus.targetHealth())
                    .allSatisfy(
                        (query, count) -> {
                          if (NO_DATA_HERE.keySet().stream().noneMatch(query::contains)) {
                            assertThat(count).as(query).isPositive();
                          }
                        });
              });
      series.forEach((q, n) -> System.out.printf("[monitoring] %3d series  %s%n", n, q));
      // the cluster picked in the dashboard's variable: its own series (the gauges are recomputed
      // every 5 s and scraped every second, and other migrations on the shared broker's state
      // topic may have filled the fleet-wide queries first)
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(
              () -> {
                for (DashboardQueries.Query q :
                    DashboardQueries.read(dashboard, Map.of("cluster", cluster))) {
                  if (q.rawExpr().contains("$cluster")) {
                    assertThat(prometheus.query(q.expr()).seriesCount())
                        .as(q.toString())
                        .isPositive();
                  }
                }
              });

      assertThat(prometheus.targetHealth())
          .hasSize(5)
          .allSatisfy((s, h) -> assertThat(h).isEqualTo("up"));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(prometheus.rules())
                      .hasSizeGreaterThanOrEqualTo(10)
                      .allSatisfy((rule, health) -> assertThat(health).isEqualTo("ok")));
      assertThat(prometheus.query("wimigrate:fic_budget:ratio").seriesCount()).isPositive();
    } finally {
      for (int i = closeables.size() - 1; i >= 0; i--) {
        try {
          closeables.get(i).close();
        } catch (Exception ignored) {
          // best effort
        }
      }
    }
  }

  /**
   * The shipped scrape configurations pass {@code promtool check config}. Debian's Prometheus is
   * built without Kubernetes discovery, so the Helm deployment's file is checked with its pod
   * discovery replaced by an empty static list: everything else (relabelling, TLS, rules) is the
   * file's own.
   */
  static void checkScrapeConfigs(Path dir) throws IOException {
    CommandResult local = PrometheusServer.checkConfig(dir.resolve("prometheus.yml"));
    assertThat(local.exitCode()).as(local.stdout() + local.stderr()).isZero();

    String kubernetes = Files.readString(dir.resolve("prometheus-kubernetes.yml"));
    String discovery = "kubernetes_sd_configs:\n      - role: pod\n";
    assertThat(kubernetes)
        .contains(discovery)
        .contains("__meta_kubernetes_pod_annotation_prometheus_io_port");
    Path copy = Files.createTempDirectory("wimigrate-prometheus-config");
    Files.copy(dir.resolve("rules.yml"), copy.resolve("rules.yml"));
    Files.writeString(
        copy.resolve("prometheus.yml"),
        kubernetes.replace(discovery, "static_configs:\n      - targets: []\n"));
    CommandResult inCluster = PrometheusServer.checkConfig(copy.resolve("prometheus.yml"));
    assertThat(inCluster.exitCode()).as(inCluster.stdout() + inCluster.stderr()).isZero();
  }

  ServiceProcess keep(ServiceProcess service) {
    closeables.add(service);
    return service;
  }

  static WorkloadObserved workload(
      String cluster, String namespace, String name, OperatingSystem os, ManagedIdentity id) {
    return new WorkloadObserved(
        new WorkloadRef(cluster, namespace, WorkloadKind.DEPLOYMENT, name),
        name,
        id.name(),
        List.of(
            new PodIdentityBindingRef(
                id.name() + "-binding", id.name(), id.id(), id.clientId(), 0)),
        os,
        false,
        List.of(new ContainerInfo("app", "registry.example/" + name + ":1", false)),
        SdkGeneration.LEGACY,
        null,
        new WorkloadIdentityState(false, null, false, false),
        Map.of(),
        Instant.now(),
        false);
  }

  /** The AKS cluster in ARM: Workload ID on, the pod identity entry of {@code identity}. */
  static String managedCluster(
      AzureEmulator azure,
      ControlPlane plane,
      String cluster,
      String namespace,
      ManagedIdentity identity) {
    azure.clusterIssuerUrl(RG, cluster, plane.issuerUrl());
    ObjectNode body = JSON.createObjectNode();
    body.put("location", "westeurope");
    ObjectNode p = body.putObject("properties");
    p.put("kubernetesVersion", plane.kubernetesVersion().replaceFirst("^v", ""));
    p.put("dnsPrefix", cluster);
    p.putObject("oidcIssuerProfile").put("enabled", true);
    p.putObject("securityProfile").putObject("workloadIdentity").put("enabled", true);
    ObjectNode pod = p.putObject("podIdentityProfile");
    pod.put("enabled", true);
    ObjectNode entry = pod.putArray("userAssignedIdentities").addObject();
    entry.put("name", identity.name()).put("namespace", namespace);
    entry
        .putObject("identity")
        .put("resourceId", identity.id())
        .put("clientId", identity.clientId())
        .put("objectId", identity.principalId());
    return azure.putManagedCluster(RG, cluster, body.toString()).get("id").asText();
  }

  static ServiceProcess startWebhook(ControlPlane plane, AzureEmulator azure) throws IOException {
    CertificateAuthority ca = CertificateAuthority.create("wimigrate-monitoring-webhook-ca");
    Path certificate =
        ca.issueServer("127.0.0.1", List.of("localhost"), List.of("127.0.0.1"))
            .writePem(Files.createTempDirectory("wimigrate-monitoring-webhook-tls"), "tls");
    int port = Ports.freePort();
    return ServiceProcess.of("proxy-sidecar/webhook")
        .httpPort(port)
        .env("WEBHOOK_PORT", Integer.toString(port))
        .env("WEBHOOK_TLS_CERT_FILE", certificate.toString())
        .env("WEBHOOK_TLS_KEY_FILE", certificate.resolveSibling("tls.key").toString())
        .env("AZURE_TENANT_ID", azure.tenantId())
        .env("KUBECONFIG", plane.adminKubeconfigFile().toString())
        .https(ca.trustingSslContext())
        .readyTimeout(Duration.ofMinutes(3))
        .start();
  }

  /** A projected token of {@code namespace/account} in the control plane, written to a file. */
  static Path serviceAccountToken(
      ControlPlane plane, String namespace, String account, ManagedIdentity identity)
      throws IOException {
    KubernetesClient kube = plane.client();
    kube.namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .createOr(existing -> existing.update());
    kube.serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(account)
                .addToAnnotations("azure.workload.identity/client-id", identity.clientId())
                .endMetadata()
                .build())
        .createOr(existing -> existing.update());
    String token =
        kube.serviceAccounts()
            .inNamespace(namespace)
            .withName(account)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withAudiences(AUDIENCE)
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    Path tokenFile = Files.createTempFile("wimigrate-monitoring-token", ".jwt");
    Files.writeString(tokenFile, token);
    return tokenFile;
  }

  /** The sidecar of a migrated workload, with its identity and its account's token. */
  static ServiceProcess startProxy(AzureEmulator azure, ManagedIdentity identity, Path tokenFile)
      throws IOException {
    Path caFile = Files.createTempFile("azure-emulator-ca", ".pem");
    Files.writeString(caFile, azure.caCertificatePem());
    int port = Ports.freePort();
    return ServiceProcess.of("proxy-sidecar/proxy")
        .httpPort(port)
        .env("PROXY_PORT", Integer.toString(port))
        .env("AZURE_TENANT_ID", azure.tenantId())
        .env("AZURE_CLIENT_ID", identity.clientId())
        .env("AZURE_FEDERATED_TOKEN_FILE", tokenFile.toString())
        .env("AZURE_AUTHORITY_HOST", azure.authorityHost())
        .env("WIMIGRATE_AUTHORITY_CA_FILE", caFile.toString())
        .readyTimeout(Duration.ofMinutes(2))
        .start();
  }

  static HttpResponse<String> imdsToken(HttpClient http, ServiceProcess proxy) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create(
                    proxy.baseUrl()
                        + "/metadata/identity/oauth2/token?api-version=2018-02-01"
                        + "&resource=https%3A%2F%2Fmanagement.azure.com%2F"))
            .header("Metadata", "true")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A pod that opts in (mutated), and a malformed review. */
  static void admissionReviews(
      ServiceProcess webhook, ControlPlane plane, String namespace, ManagedIdentity identity)
      throws Exception {
    KubernetesClient kube = plane.client();
    kube.namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .createOr(existing -> existing.update());
    kube.serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("wi-web")
                .addToAnnotations("azure.workload.identity/client-id", identity.clientId())
                .endMetadata()
                .build())
        .createOr(existing -> existing.update());
    String review =
        """
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
         "uid":"%s","kind":{"group":"","version":"v1","kind":"Pod"},
         "resource":{"group":"","version":"v1","resource":"pods"},"namespace":"%s",
         "operation":"CREATE","userInfo":{"username":"kubernetes-admin"},"dryRun":false,
         "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web",
           "labels":{"azure.workload.identity/use":"true"}},
           "spec":{"serviceAccountName":"wi-web","containers":[{"name":"web","image":"nginx"}]}}}}
        """
            .formatted(UUID.randomUUID(), namespace);
    HttpClient client = webhook.httpClient();
    HttpResponse<String> mutated = post(client, webhook.baseUrl() + "/mutate-v1-pod", review);
    assertThat(mutated.statusCode()).as(mutated.body()).isEqualTo(200);
    assertThat(JSON.readTree(mutated.body()).at("/response/allowed").asBoolean()).isTrue();
    assertThat(JSON.readTree(mutated.body()).at("/response/patch").asText()).isNotEmpty();
    post(client, webhook.baseUrl() + "/mutate-v1-pod", "{\"kind\":\"AdmissionReview\"}");
  }

  static HttpResponse<String> post(HttpClient client, String url, String body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> api(
      HttpClient http, ServiceProcess inventory, String method, String path, String body)
      throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(inventory.baseUrl() + path))
            .header("X-Api-Key", API_KEY)
            .header("Content-Type", "application/json");
    r.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
