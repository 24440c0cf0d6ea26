package dev.wimigrate.proxy.bench;

import dev.wimigrate.proxy.testing.WorkloadIdentityTestBed;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark harness for the proxy (not a test: run by {@code scripts/bench/proxy.sh}). Each run
 * starts the packaged proxy ({@code target/quarkus-app/quarkus-run.jar}) as its own process, with
 * the sidecar image's JVM options, against the Azure emulator and a service-account token of the
 * test bed's kube-apiserver, and measures: time from process start to {@code /readyz} 200, token
 * latency for cache hits and misses (sequential, one client connection), requests/s for cache hits
 * (concurrent clients) and RSS after warm-up. Prints each run and the medians as Markdown.
 *
 * <p>Arguments: {@code --runs=N} (5), {@code --hits=N} (5000), {@code --misses=N} (300), {@code
 * --throughput-seconds=N} (10), {@code --clients=N} (4).
 */
public final class ProxyBenchmark {

  static final List<String> PROXY_JVM_OPTIONS =
      List.of("-XX:+UseSerialGC", "-Xmx64m", "-Xss512k", "-XX:MaxMetaspaceSize=96m");

  record Result(
      double startToReadyMs,
      double hitP50Ms,
      double hitP99Ms,
      double missP50Ms,
      double missP99Ms,
      double hitsPerSecond,
      double rssMb) {}

  public static void main(String[] args) throws Exception {
    Map<String, Integer> options = new LinkedHashMap<>();
    options.put("runs", 5);
    options.put("hits", 5000);
    options.put("misses", 300);
    options.put("throughput-seconds", 10);
    options.put("clients", 4);
    for (String arg : args) {
      String[] kv = arg.replaceFirst("^--", "").split("=", 2);
      if (!options.containsKey(kv[0]) || kv.length != 2) {
        throw new IllegalArgumentException(
            "unknown argument " + arg + "; known: " + options.keySet());
      }
      options.put(kv[0], Integer.parseInt(kv[1]));
    }
    Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " missing: run ./mvnw package first");
    }
    new WorkloadIdentityTestBed().start();
    Map<String, String> env = WorkloadIdentityTestBed.proxyEnvironment();

    List<Result> results = new ArrayList<>();
    for (int run = 1; run <= options.get("runs"); run++) {
      Result r = runOnce(jar, env, options);
      results.add(r);
      System.out.printf(Locale.ROOT, "run %d: %s%n", run, r);
    }
    System.out.println();
    System.out.println("| measure | median of " + results.size() + " runs | range over the runs |");
    System.out.println("|---|---|---|");
    row("time from process start to /readyz 200 (JVM)", results, Result::startToReadyMs, "ms");
    row("token latency, cache hit, p50", results, Result::hitP50Ms, "ms");
    row("token latency, cache hit, p99", results, Result::hitP99Ms, "ms");
    row("token latency, cache miss (exchange at Entra), p50", results, Result::missP50Ms, "ms");
    row("token latency, cache miss (exchange at Entra), p99", results, Result::missP99Ms, "ms");
    row(
        "requests/s, cache hits, " + options.get("clients") + " concurrent clients",
        results,
        Result::hitsPerSecond,
        "");
    row("RSS after warm-up", results, Result::rssMb, "MB");
    row("ratio: miss p50 / hit p50", results, r -> r.missP50Ms() / r.hitP50Ms(), "x");
    row("ratio: hit p99 / hit p50", results, r -> r.hitP99Ms() / r.hitP50Ms(), "x");
    System.out.println();
    System.out.println(
        "load average after the runs: "
            + Files.readString(Path.of("/proc/loadavg")).trim()
            + " ("
            + Runtime.getRuntime().availableProcessors()
            + " cores)");
    System.exit(0);
  }

  static void row(
      String name,
      List<Result> results,
      java.util.function.ToDoubleFunction<Result> f,
      String unit) {
    double[] values = results.stream().mapToDouble(f).sorted().toArray();
    String suffix = unit.isEmpty() ? "" : " " + unit;
    System.out.printf(
        Locale.ROOT,
        "| %s | %s%s | %s - %s%s |%n",
        name,
        format(median(values)),
        suffix,
        format(values[0]),
        format(values[values.length - 1]),
        suffix);
  }

  static String format(double value) {
    return value >= 100
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }

  static double median(double[] sorted) {
    double[] values = sorted;
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  static Result runOnce(Path jar, Map<String, String> env, Map<String, Integer> options)
      throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(PROXY_JVM_OPTIONS);
    command.addAll(List.of("-jar", jar.toString(), "--proxy-port=" + port, "--log-level=warning"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(env);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    URI base = URI.create("http://127.0.0.1:" + port);

    long started = System.nanoTime();
    Process proxy = builder.start();
    try {
      double startToReady = awaitReady(http, base, proxy, started);

      // warm-up: JIT the hit path and a few misses
      String warm = "https://warm.example.com";
      for (int i = 0; i < 2000; i++) {
        token(http, base, warm);
      }
      for (int i = 0; i < 20; i++) {
        token(http, base, "https://warm-" + i + ".example.com");
      }

      double[] hits = new double[options.get("hits")];
      for (int i = 0; i < hits.length; i++) {
        long t = System.nanoTime();
        token(http, base, warm);
        hits[i] = (System.nanoTime() - t) / 1e6;
      }
      double[] misses = new double[options.get("misses")];
      for (int i = 0; i < misses.length; i++) {
        String resource = "https://miss-" + i + "-" + started + ".example.com";
        long t = System.nanoTime();
        token(http, base, resource);
        misses[i] = (System.nanoTime() - t) / 1e6;
      }
      double rps =
          throughput(base, warm, options.get("clients"), options.get("throughput-seconds"));
      double rss = rssMb(proxy.pid());
      Arrays.sort(hits);
      Arrays.sort(misses);
      return new Result(
          startToReady,
          percentile(hits, 50),
          percentile(hits, 99),
          percentile(misses, 50),
          percentile(misses, 99),
          rps,
          rss);
    } finally {
      proxy.destroy();
      if (!proxy.waitFor(10, TimeUnit.SECONDS)) {
        proxy.destroyForcibly();
      }
    }
  }

  static double awaitReady(HttpClient http, URI base, Process proxy, long started)
      throws Exception {
    HttpRequest readyz =
        HttpRequest.newBuilder(base.resolve("/readyz")).timeout(Duration.ofSeconds(1)).build();
    while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60)) {
      if (!proxy.isAlive()) {
        throw new IllegalStateException("the proxy exited with " + proxy.exitValue());
      }
      try {
        if (http.send(readyz, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return (System.nanoTime() - started) / 1e6;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("the proxy was not ready within 60 s");
  }

  static void token(HttpClient http, URI base, String resource) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                base.resolve(
                    "/metadata/identity/oauth2/token?api-version=2018-02-01&resource="
                        + java.net.URLEncoder.encode(
                            resource, java.nio.charset.StandardCharsets.UTF_8)))
            .header("Metadata", "true")
            .timeout(Duration.ofSeconds(30))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      // the body is an IMDS error, never a token
      throw new IllegalStateException(
          "token request failed: " + response.statusCode() + " " + response.body());
    }
  }

  static double throughput(URI base, String resource, int clients, int seconds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    AtomicInteger done = new AtomicInteger();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<Future<?>> futures = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      futures.add(
          pool.submit(
              () -> {
                HttpClient own =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                while (System.nanoTime() < end) {
                  token(own, base, resource);
                  done.incrementAndGet();
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    return done.get() / elapsed;
  }

  static double percentile(double[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  static double rssMb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }
}
