package dev.wimigrate.testkit.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wimigrate.testkit.process.CommandResult;
import dev.wimigrate.testkit.process.ManagedProcess;
import dev.wimigrate.testkit.process.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Prometheus server ({@code prometheus} on the PATH, Debian's package, installed by {@code
 * scripts/prerequisites.sh}) scraping the given targets every second, with its own configuration
 * and data directory (never the system service's), queried over its HTTP API.
 */
public final class PrometheusServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One target: its service name (the {@code service} label), host:port, scheme and path. */
  public record Target(String service, String address, String scheme, String metricsPath) {

    /** A wimigrate service's {@code /q/metrics} over http on 127.0.0.1. */
    public static Target http(String service, int port) {
      return new Target(service, "127.0.0.1:" + port, "http", "/q/metrics");
    }

    /** The same over https (the webhook); the certificate is not checked. */
    public static Target https(String service, int port) {
      return new Target(service, "127.0.0.1:" + port, "https", "/q/metrics");
    }
  }

  /** The answer of an instant query: the result type and the result array as JSON. */
  public record QueryResult(String resultType, JsonNode result) {

    /** Series in a vector or matrix result; 1 for a scalar or string. */
    public int seriesCount() {
      return result.isArray() ? result.size() : 1;
    }
  }

  private final ManagedProcess process;
  private final Path directory;
  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PrometheusServer(ManagedProcess process, Path directory, int port) {
    this.process = process;
    this.directory = directory;
    this.port = port;
  }

  /** The Prometheus binary: {@code PROMETHEUS_BIN} or {@code prometheus} on the PATH. */
  public static String binary() {
    String configured = System.getenv("PROMETHEUS_BIN");
    return configured == null || configured.isBlank() ? "prometheus" : configured;
  }

  /** {@code promtool} next to it (or on the PATH). */
  public static String promtool() {
    String bin = binary();
    Path sibling = Path.of(bin).resolveSibling("promtool");
    return bin.contains("/") && Files.isExecutable(sibling) ? sibling.toString() : "promtool";
  }

  /** {@code prometheus --version}'s first line, or why it cannot run. */
  public static String version() {
    try {
      CommandResult r =
          CommandResult.run(
              List.of(binary(), "--version"), Map.of(), false, Duration.ofSeconds(20));
      String out = (r.stdout() + r.stderr()).strip();
      return out.lines().findFirst().orElse(out);
    } catch (RuntimeException e) {
      return "not runnable: " + e.getMessage();
    }
  }

  /** Runs {@code promtool check rules <files>}; the result tells success and promtool's output. */
  public static CommandResult checkRules(Path... files) {
    List<String> command = new ArrayList<>(List.of(promtool(), "check", "rules"));
    Stream.of(files).map(Path::toString).forEach(command::add);
    return CommandResult.run(command, Map.of(), false, Duration.ofSeconds(60));
  }

  /**
   * Runs {@code promtool check config <file>} (which also checks the rule files it names, relative
   * to it); the result tells success and promtool's output.
   */
  public static CommandResult checkConfig(Path file) {
    return CommandResult.run(
        List.of(promtool(), "check", "config", file.toString()),
        Map.of(),
        false,
        Duration.ofSeconds(60));
  }

  /** Starts Prometheus scraping {@code targets} every {@code interval} and waits until ready. */
  public static PrometheusServer start(List<Target> targets, Duration interval) {
    return start(targets, interval, List.of());
  }

  /**
   * Starts Prometheus scraping {@code targets} every {@code interval}, loading {@code ruleFiles},
   * and waits until it is ready.
   */
  public static PrometheusServer start(
      List<Target> targets, Duration interval, List<Path> ruleFiles) {
    try {
      Path dir = Files.createTempDirectory("wimigrate-prometheus-");
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(config, config(targets, interval, ruleFiles));
      int port = Ports.freePort();
      List<String> command =
          List.of(
              binary(),
              "--config.file=" + config,
              "--storage.tsdb.path=" + dir.resolve("data"),
              "--web.listen-address=127.0.0.1:" + port,
              "--web.enable-lifecycle",
              "--log.level=warn");
      ManagedProcess process;
      try {
        process = ManagedProcess.start("prometheus", command, Map.of(), dir.resolve("server.log"));
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot run "
                + binary()
                + " (apt-get install prometheus, see scripts/prerequisites.sh): "
                + e.getMessage(),
            e);
      }
      PrometheusServer server = new PrometheusServer(process, dir, port);
      server.awaitReady(Duration.ofSeconds(60));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The generated configuration: one job per target, labelled {@code service}. */
  static String config(List<Target> targets, Duration interval, List<Path> ruleFiles) {
    String every = interval.toMillis() + "ms";
    StringBuilder y = new StringBuilder();
    y.append("global:\n")
        .append("  scrape_interval: ")
        .append(every)
        .append("\n  scrape_timeout: ")
        .append(every)
        .append("\n  evaluation_interval: ")
        .append(every)
        .append('\n');
    if (!ruleFiles.isEmpty()) {
      y.append("rule_files:\n");
      ruleFiles.forEach(
          f -> y.append("  - ").append(quote(f.toAbsolutePath().toString())).append('\n'));
    }
    y.append("scrape_configs:\n");
    for (Target t : targets) {
      y.append("  - job_name: ")
          .append(quote("wimigrate-" + t.service()))
          .append("\n    scheme: ")
          .append(t.scheme())
          .append("\n    metrics_path: ")
          .append(quote(t.metricsPath()))
          .append('\n');
      if ("https".equals(t.scheme())) {
        y.append("    tls_config:\n      insecure_skip_verify: true\n");
      }
      y.append("    static_configs:\n      - targets: [")
          .append(quote(t.address()))
          .append("]\n        labels:\n          service: ")
          .append(quote(t.service()))
          .append('\n');
    }
    return y.toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public Path directory() {
    return directory;
  }

  public String logTail(int lines) {
    return process.logTail(lines);
  }

  /**
   * Evaluates {@code promql} now ({@code /api/v1/query}).
   *
   * @throws IllegalArgumentException with Prometheus' error message when the query is invalid
   */
  public QueryResult query(String promql) {
    JsonNode answer =
        get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    if (!"success".equals(answer.path("status").asText())) {
      throw new IllegalArgumentException(
          answer.path("errorType").asText("error")
              + ": "
              + answer.path("error").asText(answer.toString())
              + " in "
              + promql);
    }
    JsonNode data = answer.path("data");
    return new QueryResult(data.path("resultType").asText(), data.path("result"));
  }

  /** The targets and their scrape health ({@code /api/v1/targets}), by service: "up" or error. */
  public Map<String, String> targetHealth() {
    Map<String, String> health = new LinkedHashMap<>();
    for (JsonNode t : get("/api/v1/targets").path("data").path("activeTargets")) {
      String state = t.path("health").asText();
      String error = t.path("lastError").asText("");
      health.put(
          t.path("labels").path("service").asText(t.path("scrapeUrl").asText()),
          error.isEmpty() ? state : state + ": " + error);
    }
    return health;
  }

  /** Rule groups Prometheus loaded ({@code /api/v1/rules}): rule names with their health. */
  public Map<String, String> rules() {
    Map<String, String> rules = new LinkedHashMap<>();
    for (JsonNode g : get("/api/v1/rules").path("data").path("groups")) {
      for (JsonNode r : g.path("rules")) {
        String error = r.path("lastError").asText("");
        rules.put(
            r.path("name").asText(),
            r.path("health").asText() + (error.isEmpty() ? "" : ": " + error));
      }
    }
    return rules;
  }

  private JsonNode get(String path) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(baseUrl() + path))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("Prometheus " + path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitReady(Duration timeout) {
    try {
      process.awaitHttpReady(http, URI.create(baseUrl() + "/-/ready"), timeout);
    } catch (IllegalStateException e) {
      close();
      throw e;
    }
  }

  /** Stops Prometheus and deletes its configuration and data. */
  @Override
  public void close() {
    process.close();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory
    }
  }
}
