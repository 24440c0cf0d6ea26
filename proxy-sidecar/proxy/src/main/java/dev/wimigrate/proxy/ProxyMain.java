package dev.wimigrate.proxy;

import dev.wimigrate.proxy.config.InvalidProxySettingsException;
import dev.wimigrate.proxy.config.ProxySettingsLoader;
import dev.wimigrate.proxy.probe.ProxyArgs;
import dev.wimigrate.proxy.probe.ReadinessProbe;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Entry point. {@code --probe} polls a running proxy's {@code /readyz} and exits (0 ready, 1 not
 * ready in time) without starting Quarkus; otherwise the IMDS listener starts, on {@code
 * --proxy-port} if given, else {@code PROXY_PORT}, else 8000.
 */
@QuarkusMain
public class ProxyMain {

  static final String PROXY_PORT = "PROXY_PORT";
  static final int DEFAULT_PORT = 8000;

  public static void main(String... args) {
    ProxyArgs parsed;
    try {
      parsed = ProxyArgs.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("proxy: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (parsed.probe()) {
      System.exit(probe(parsed));
      return;
    }
    Function<String, Optional<String>> env =
        key -> Optional.ofNullable(System.getProperty(key, System.getenv(key)));
    int port;
    try {
      // fail fast with a readable message instead of a stack trace from the container
      port = listenPort(parsed, env);
      ProxySettingsLoader.load(env);
    } catch (IllegalArgumentException e) {
      System.err.println("proxy: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    } catch (InvalidProxySettingsException e) {
      for (String problem : e.problems()) {
        System.err.println("proxy: cannot start: " + problem);
      }
      System.exit(1);
      return;
    }
    System.setProperty("quarkus.http.port", Integer.toString(port));
    parsed.logLevel().ifPresent(l -> System.setProperty("quarkus.log.level", l));
    Quarkus.run(ProxyApplication.class, args);
  }

  /**
   * The port to listen on (or to probe): {@code --proxy-port}, else {@code PROXY_PORT}, else 8000.
   *
   * @throws IllegalArgumentException naming {@code PROXY_PORT} when its value is not a port
   */
  static int listenPort(ProxyArgs args, Function<String, Optional<String>> env) {
    if (args.proxyPort().isPresent()) {
      return args.proxyPort().get();
    }
    Optional<String> value = env.apply(PROXY_PORT).filter(v -> !v.isBlank());
    if (value.isEmpty()) {
      return DEFAULT_PORT;
    }
    try {
      return ProxyArgs.port(value.get());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(PROXY_PORT + "=" + value.get() + ": " + e.getMessage());
    }
  }

  static int probe(ProxyArgs args) {
    int port;
    try {
      port = listenPort(args, key -> Optional.ofNullable(System.getenv(key)));
    } catch (IllegalArgumentException e) {
      System.err.println("proxy: " + e.getMessage());
      return 2;
    }
    URI uri = ReadinessProbe.readyzUri(port);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    boolean ready =
        new ReadinessProbe(http, Clock.systemUTC(), Duration.ofMillis(500))
            .await(uri, args.probeTimeout());
    if (!ready) {
      System.err.println(
          "proxy: failed to probe proxy: " + uri + " not ready within " + args.probeTimeout());
      return 1;
    }
    return 0;
  }
}
