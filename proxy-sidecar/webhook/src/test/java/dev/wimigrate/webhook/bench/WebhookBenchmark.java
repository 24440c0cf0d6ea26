package dev.wimigrate.webhook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wimigrate.testkit.kube.ControlPlane;
import dev.wimigrate.testkit.kube.ControlPlanes;
import dev.wimigrate.testkit.pki.CertificateAuthority;
import dev.wimigrate.webhook.jsonpatch.PatchOperation;
import dev.wimigrate.webhook.testing.Json;
import dev.wimigrate.webhook.testing.Reviews;
import dev.wimigrate.webhook.testing.WorkloadNamespaces;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * Benchmark harness for the webhook (not a test: run by {@code scripts/bench/webhook.sh}; see
 * {@code docs/benchmarks.md}, section "Webhook"). The webhook is called directly over HTTPS, as the
 * apiserver calls it, with AdmissionReview v1 bodies; its service accounts live in the test kit's
 * real kube-apiserver. Each run starts the packaged webhook as its own process ({@link
 * PackagedWebhook}) and measures the time from process start to ready, admission latency p50/p99
 * per kind of request (sequential, one keep-alive connection), requests/s of full mutations from
 * concurrent clients (a connection each), and RSS after all that. Prints each run, then the median
 * and the range of every measure as Markdown, with the machine and its load before and after.
 *
 * <p>Arguments: {@code --runs=N} (5), {@code --warmup=N} (1000 requests per kind), {@code
 * --requests=N} (2000 per kind), {@code --throughput-seconds=N} (10), {@code --clients=N} (4).
 */
public final class WebhookBenchmark {

  static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  static final String CLIENT_ID = "6d1c0f3a-4b4b-4e4e-9f9f-00000000be11";
  static final String SERVICE_ACCOUNT = "bench-sa";

  /** One kind of admission request, and what the webhook must answer to it. */
  record Kind(String name, byte[] body, Predicate<JsonNode> expected) {}

  private WebhookBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " missing: package the module first");
    }
    System.out.println("machine: " + machine());

    ControlPlane plane = ControlPlanes.shared();
    String namespace =
        WorkloadNamespaces.withServiceAccount(
            plane.client(), "wh-bench", SERVICE_ACCOUNT, CLIENT_ID);
    CertificateAuthority ca = CertificateAuthority.create("wimigrate-webhook-bench-ca");
    Path certificate =
        ca.issueServer("127.0.0.1", List.of("localhost"), List.of("127.0.0.1"))
            .writePem(Files.createTempDirectory("wimigrate-webhook-bench-tls"), "tls");
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("KUBECONFIG", plane.adminKubeconfigFile().toString());
    environment.put("AZURE_TENANT_ID", TENANT);
    environment.put("WEBHOOK_TLS_CERT_FILE", certificate.toString());
    environment.put("WEBHOOK_TLS_KEY_FILE", certificate.resolveSibling("tls.key").toString());
    SSLContext trust = ca.trustingSslContext();

    RunTable table = new RunTable();
    for (int run = 1; run <= options.runs(); run++) {
      measureOnce(jar, environment, trust, namespace, options, table);
      System.out.println("run " + run + ": " + table.lastRun());
    }
    System.out.println();
    table.print(System.out);
    System.out.println();
    System.out.println(
        "load average after the runs: " + loadAverage() + " (" + cores() + " cores)");
    plane.client().namespaces().withName(namespace).delete();
    System.exit(0);
  }

  /** The command line: {@code --name=N} for each component. */
  record Options(int runs, int warmup, int requests, int throughputSeconds, int clients) {

    static final Options DEFAULTS = new Options(5, 1000, 2000, 10, 4);

    static Options parse(String... args) {
      Map<String, Integer> given = new HashMap<>();
      for (String arg : args) {
        String[] nameValue = arg.split("=", 2);
        if (nameValue.length != 2 || !nameValue[0].startsWith("--")) {
          throw new IllegalArgumentException(arg + ": expected --name=N, defaults " + DEFAULTS);
        }
        given.put(nameValue[0].substring(2), Integer.valueOf(nameValue[1]));
      }
      Options options =
          new Options(
              given.getOrDefault("runs", DEFAULTS.runs),
              given.getOrDefault("warmup", DEFAULTS.warmup),
              given.getOrDefault("requests", DEFAULTS.requests),
              given.getOrDefault("throughput-seconds", DEFAULTS.throughputSeconds),
              given.getOrDefault("clients", DEFAULTS.clients));
      given
          .keySet()
          .removeAll(Set.of("runs", "warmup", "requests", "throughput-seconds", "clients"));
      if (!given.isEmpty()) {
        throw new IllegalArgumentException("unknown " + given.keySet() + ", defaults " + DEFAULTS);
      }
      return options;
    }
  }

  static void measureOnce(
      Path jar,
      Map<String, String> environment,
      SSLContext trust,
      String namespace,
      Options options,
      RunTable table)
      throws Exception {
    HttpClient http = client(trust);
    try (PackagedWebhook webhook = PackagedWebhook.start(jar, environment, http)) {
      table.record(
          "time from process start to `/q/health/ready` 200 (JVM)",
          "ms",
          webhook.startToReadyMillis());
      table.record(
          "of which Quarkus start-up, as it logs it (`started in`)",
          "ms",
          webhook.quarkusStartedMillis());
      URI endpoint = webhook.base().resolve("/mutate-v1-pod");
      List<Kind> kinds = kinds(http, endpoint, namespace);
      for (Kind kind : kinds) {
        check(http, endpoint, kind);
      }
      for (int i = 0; i < options.warmup(); i++) {
        for (Kind kind : kinds) {
          admit(http, post(endpoint, kind));
        }
      }
      for (Kind kind : kinds) {
        HttpRequest request = post(endpoint, kind);
        double[] millis = new double[options.requests()];
        for (int i = 0; i < millis.length; i++) {
          long t0 = System.nanoTime();
          admit(http, request);
          millis[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(millis);
        table.record(
            "admission latency, " + kind.name() + ", p50", "ms", RunTable.percentile(millis, 50));
        table.record(
            "admission latency, " + kind.name() + ", p99", "ms", RunTable.percentile(millis, 99));
      }
      Kind full = kinds.stream().filter(k -> k.name().startsWith("(b)")).findFirst().get();
      int clients = options.clients();
      table.record(
          "requests/s, " + full.name() + ", " + clients + " concurrent clients",
          "",
          requestsPerSecond(
              trust,
              post(endpoint, full),
              clients,
              Duration.ofSeconds(options.throughputSeconds())));
      table.record("RSS after warm-up and load", "MiB", webhook.rssMebibytes());
    }
  }

  /**
   * The requests measured, cheapest first. The webhook does not look at the {@code use} label (the
   * apiserver's objectSelector keeps unlabelled pods from it), so the pod it leaves alone is one
   * that is already mutated: reinvocation and pods from a stored spec.
   */
  static List<Kind> kinds(HttpClient http, URI endpoint, String namespace) throws Exception {
    ObjectNode pod = pod();
    ObjectNode withProxy = pod.deepCopy();
    ((ObjectNode) withProxy.path("metadata").path("annotations"))
        .put("azure.workload.identity/inject-proxy-sidecar", "true");
    byte[] create = body(Reviews.create(namespace, pod));
    HttpResponse<byte[]> first = admit(http, post(endpoint, new Kind("first", create, r -> true)));
    byte[] patch =
        Base64.getDecoder()
            .decode(Json.MAPPER.readTree(first.body()).path("response").path("patch").asText());
    JsonNode mutated =
        Json.apply(pod, Arrays.asList(Json.MAPPER.readValue(patch, PatchOperation[].class)));

    List<Kind> kinds = new ArrayList<>();
    kinds.add(
        new Kind(
            "UPDATE (passed through, no lookup)",
            body(Reviews.review("admission.k8s.io/v1", "UPDATE", namespace, pod)),
            r -> allowedWithoutPatch(r)));
    kinds.add(
        new Kind(
            "(a) pod not mutated (already mutated, empty patch)",
            body(Reviews.create(namespace, mutated)),
            r -> allowedWithoutPatch(r)));
    kinds.add(
        new Kind(
            "(b) full mutation (env, projected token volume)",
            create,
            r -> patchText(r).contains("serviceAccountToken") && !patchText(r).contains("azwi-")));
    kinds.add(
        new Kind(
            "(c) full mutation + proxy sidecar injection",
            body(Reviews.create(namespace, withProxy)),
            r -> patchText(r).contains("azwi-proxy-init")));
    return kinds;
  }

  /** A labelled pod of an ordinary size: two containers, ports, env, resources. */
  static ObjectNode pod() {
    return (ObjectNode)
        Json.json(
            "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'bench-app-7d9f8c6b5-x2x4q',"
                + "'labels':{'app':'bench','azure.workload.identity/use':'true'},'annotations':{}},"
                + "'spec':{'serviceAccountName':'"
                + SERVICE_ACCOUNT
                + "','containers':["
                + "{'name':'app','image':'nginx:1.27','ports':[{'containerPort':8080}],"
                + "'env':[{'name':'MODE','value':'bench'},{'name':'LOG_LEVEL','value':'info'}],"
                + "'resources':{'requests':{'cpu':'100m','memory':'64Mi'}}},"
                + "{'name':'log-shipper','image':'fluent/fluent-bit:3.1'}]}}");
  }

  static boolean allowedWithoutPatch(JsonNode response) {
    return response.path("allowed").asBoolean() && response.path("patch").isMissingNode();
  }

  static String patchText(JsonNode response) {
    return new String(
        Base64.getDecoder().decode(response.path("patch").asText()), StandardCharsets.UTF_8);
  }

  static void check(HttpClient http, URI endpoint, Kind kind) throws Exception {
    JsonNode response =
        Json.MAPPER.readTree(admit(http, post(endpoint, kind)).body()).path("response");
    if (!kind.expected().test(response)) {
      throw new IllegalStateException("unexpected answer to " + kind.name() + ": " + response);
    }
  }

  static byte[] body(JsonNode review) {
    return review.toString().getBytes(StandardCharsets.UTF_8);
  }

  static HttpRequest post(URI endpoint, Kind kind) {
    return HttpRequest.newBuilder(endpoint)
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofByteArray(kind.body()))
        .build();
  }

  static HttpResponse<byte[]> admit(HttpClient http, HttpRequest request) throws Exception {
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "HTTP "
              + response.statusCode()
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
    return response;
  }

  static HttpClient client(SSLContext trust) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(trust)
        .connectTimeout(Duration.ofSeconds(1))
        .build();
  }

  /**
   * {@code clients} threads, each with its own client and connection (opened before the clock
   * starts), send {@code request} back to back for {@code length}.
   */
  static double requestsPerSecond(
      SSLContext trust, HttpRequest request, int clients, Duration length) throws Exception {
    LongAdder answered = new LongAdder();
    CountDownLatch connected = new CountDownLatch(clients);
    CountDownLatch go = new CountDownLatch(1);
    long[] deadline = new long[1];
    AtomicReference<Exception> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  HttpClient own = client(trust);
                  admit(own, request);
                  connected.countDown();
                  go.await();
                  while (System.nanoTime() < deadline[0]) {
                    admit(own, request);
                    answered.increment();
                  }
                } catch (Exception e) {
                  failure.compareAndSet(null, e);
                  connected.countDown();
                }
              },
              "bench-client-" + c);
      thread.start();
      threads.add(thread);
    }
    connected.await();
    long start = System.nanoTime();
    deadline[0] = start + length.toNanos();
    go.countDown(); // publishes deadline[0] to the clients (happens-before)
    for (Thread thread : threads) {
      thread.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (failure.get() != null) {
      throw failure.get();
    }
    return answered.sum() / seconds;
  }

  static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  static String loadAverage() throws IOException {
    String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
    return String.join(" ", Arrays.asList(fields).subList(0, 3));
  }

  /** Cores, memory, CPU model, JVM and load average, from /proc and the JVM. */
  static String machine() throws IOException {
    String memory = "?";
    String model = "?";
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        memory = Math.round(Long.parseLong(line.replaceAll("\\D", "")) / 1048576.0) + " GB";
      }
    }
    for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
      if (line.startsWith("model name")) {
        model = line.substring(line.indexOf(':') + 1).trim();
        break;
      }
    }
    return cores()
        + " cores, "
        + memory
        + ", "
        + model
        + ", "
        + System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.version")
        + ", load average before the runs: "
        + loadAverage();
  }
}
