package dev.wimigrate.webhook.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The packaged webhook ({@code target/quarkus-app/quarkus-run.jar}) as its own process on a free
 * HTTPS port, started with the JVM image's options, and how long it took to become ready.
 */
record PackagedWebhook(Process process, Path log, URI base, double startToReadyMillis)
    implements AutoCloseable {

  /**
   * What {@code run-java.sh} of the JVM image ({@code src/main/docker/Dockerfile.jvm}) passes, with
   * {@code -XX:MaxRAM} standing in for the Deployment's 256 Mi memory limit: the heap is 80 % of
   * it, as in the container.
   */
  static final List<String> IMAGE_JVM_OPTIONS =
      List.of(
          "-XX:MaxRAM=256m",
          "-XX:MaxRAMPercentage=80.0",
          "-XX:+UseParallelGC",
          "-XX:MinHeapFreeRatio=10",
          "-XX:MaxHeapFreeRatio=20",
          "-XX:GCTimeRatio=4",
          "-XX:AdaptiveSizePolicyWeight=90",
          "-XX:+ExitOnOutOfMemoryError",
          "-Djava.util.logging.manager=org.jboss.logmanager.LogManager");

  private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+)s");

  private static final Duration READY_WITHIN = Duration.ofSeconds(60);

  /**
   * Starts the jar with {@code environment} (plus {@code WEBHOOK_PORT}) and polls {@code
   * /q/health/ready} over HTTPS every 5 ms until it answers 200; readiness includes the first sync
   * of the service-account informer.
   */
  static PackagedWebhook start(Path jar, Map<String, String> environment, HttpClient https)
      throws IOException, InterruptedException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Path log = Files.createTempFile("wimigrate-webhook-bench-", ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(IMAGE_JVM_OPTIONS);
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    builder.environment().put("WEBHOOK_PORT", Integer.toString(port));
    URI base = URI.create("https://127.0.0.1:" + port);
    HttpRequest ready =
        HttpRequest.newBuilder(base.resolve("/q/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .build();

    long started = System.nanoTime();
    Process process = builder.start();
    PackagedWebhook webhook = null;
    try {
      while (System.nanoTime() - started < READY_WITHIN.toNanos()) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "the webhook exited with " + process.exitValue() + ":\n" + tail(log));
        }
        if (answers200(https, ready)) {
          webhook = new PackagedWebhook(process, log, base, (System.nanoTime() - started) / 1e6);
          return webhook;
        }
        Thread.sleep(5);
      }
      throw new IllegalStateException("the webhook was not ready in " + READY_WITHIN + tail(log));
    } finally {
      if (webhook == null) {
        stop(process);
      }
    }
  }

  private static boolean answers200(HttpClient https, HttpRequest request)
      throws InterruptedException {
    try {
      return https.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException notListeningYet) {
      return false;
    }
  }

  /** Resident set size now, from {@code /proc/<pid>/status}. */
  double rssMebibytes() throws IOException {
    try (Stream<String> status = Files.lines(Path.of("/proc/" + process.pid() + "/status"))) {
      String kilobytes =
          status
              .filter(line -> line.startsWith("VmRSS:"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no VmRSS for " + process.pid()))
              .replaceAll("\\D", "");
      return Long.parseLong(kilobytes) / 1024.0;
    }
  }

  /**
   * Start-up time as Quarkus logs it ({@code started in 1.234s}): from the JVM's start to the end
   * of Quarkus' start-up, so without the JVM launch and without waiting for readiness.
   */
  double quarkusStartedMillis() throws IOException {
    Matcher started = STARTED_IN.matcher(Files.readString(log));
    if (!started.find()) {
      throw new IllegalStateException("no \"started in\" line in the log:\n" + tail(log));
    }
    return Double.parseDouble(started.group(1)) * 1000;
  }

  String logTail() {
    return tail(log);
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws IOException {
    stop(process);
    Files.deleteIfExists(log);
  }
}
