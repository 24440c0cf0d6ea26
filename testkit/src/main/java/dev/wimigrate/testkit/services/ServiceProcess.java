package dev.wimigrate.testkit.services;

import dev.wimigrate.testkit.process.CommandResult;
import dev.wimigrate.testkit.process.ManagedProcess;
import dev.wimigrate.testkit.process.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * A packaged wimigrate service ({@code java -jar target/quarkus-app/quarkus-run.jar}) run as its
 * own process, as in production: the system tests and the demo start the services this way.
 */
public final class ServiceProcess implements AutoCloseable {

  private final String module;
  private final ManagedProcess process;
  private final int httpPort;
  private final SSLContext tls;

  private ServiceProcess(String module, ManagedProcess process, int httpPort, SSLContext tls) {
    this.module = module;
    this.process = process;
    this.httpPort = httpPort;
    this.tls = tls;
  }

  /** Starts a service; {@code module} is its path in the repository, e.g. {@code cluster-agent}. */
  public static Builder of(String module) {
    return new Builder(module);
  }

  public String module() {
    return module;
  }

  public int httpPort() {
    return httpPort;
  }

  public String baseUrl() {
    return (tls == null ? "http" : "https") + "://127.0.0.1:" + httpPort;
  }

  /** A client for {@link #baseUrl()}: trusts the service's CA when it serves HTTPS. */
  public HttpClient httpClient() {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
    if (tls != null) {
      builder.sslContext(tls);
    }
    return builder.build();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String logTail(int lines) {
    return process.logTail(lines);
  }

  public Path logFile() {
    return process.logFile();
  }

  /** Kills the service at once (SIGKILL): no shutdown hooks, no offset commits. */
  public void kill() {
    process.kill();
  }

  @Override
  public void close() {
    process.close();
  }

  /**
   * Runs a packaged service as a one-shot command ({@code java -jar … args}) and waits for it, e.g.
   * the cluster-agent's {@code discover} mode.
   */
  public static CommandResult runCommand(
      String module, Map<String, String> environment, Duration timeout, String... args) {
    Path jar = repositoryRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    return CommandResult.run(command, environment, false, timeout);
  }

  /** Locates the repository root (the directory holding {@code mvnw}) above the working dir. */
  public static Path repositoryRoot() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("mvnw")) && Files.isDirectory(d.resolve("testkit"))) {
        return d;
      }
    }
    throw new IllegalStateException("not inside the wimigrate repository");
  }

  /** Options for one service process. */
  public static final class Builder {
    private final String module;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private Duration readyTimeout = Duration.ofSeconds(60);
    private int httpPort = Ports.freePort();
    private SSLContext tls;

    private Builder(String module) {
      this.module = module;
    }

    public Builder env(String name, String value) {
      environment.put(name, value);
      return this;
    }

    /** A Quarkus configuration property, passed as {@code -Dname=value}. */
    public Builder config(String name, String value) {
      properties.put(name, value);
      return this;
    }

    public Builder httpPort(int port) {
      this.httpPort = port;
      return this;
    }

    /**
     * The service serves HTTPS only (the webhook): probe and talk to it trusting {@code trusting}.
     */
    public Builder https(SSLContext trusting) {
      this.tls = trusting;
      return this;
    }

    public Builder readyTimeout(Duration timeout) {
      this.readyTimeout = timeout;
      return this;
    }

    /** Starts the process and waits until {@code /q/health/ready} answers 200. */
    public ServiceProcess start() {
      Path root = repositoryRoot();
      Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            jar + " is missing: package the module first (./mvnw package)");
      }
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx256m");
      command.add("-XX:TieredStopAtLevel=1");
      properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
      command.add("-jar");
      command.add(jar.toString());
      Map<String, String> env = new LinkedHashMap<>(environment);
      env.put("HTTP_PORT", Integer.toString(httpPort));
      try {
        Path log =
            Files.createTempDirectory("wimigrate-" + module.replace('/', '-') + "-")
                .resolve("service.log");
        ManagedProcess process = ManagedProcess.start(module, command, env, log);
        ServiceProcess service = new ServiceProcess(module, process, httpPort, tls);
        service.awaitReady(readyTimeout);
        return service;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void awaitReady(Duration timeout) {
    try {
      process.awaitHttpReady(httpClient(), URI.create(baseUrl() + "/q/health/ready"), timeout);
    } catch (IllegalStateException e) {
      close();
      throw e;
    }
  }
}
