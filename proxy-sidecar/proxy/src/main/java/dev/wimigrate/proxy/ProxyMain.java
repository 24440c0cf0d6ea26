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

/**
 * Entry point. {@code --probe} polls a running proxy's {@code /readyz} and exits (0 ready, 1 not
 * ready in time) without starting Quarkus; otherwise the IMDS listener starts, on {@code
 * --proxy-port} if given, else {@code PROXY_PORT}, else 8000.
 */
@QuarkusMain
public class ProxyMain {

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
    try {
      // fail fast with a readable message instead of a stack trace from the container
      ProxySettingsLoader.load(
          key -> Optional.ofNullable(System.getProperty(key, System.getenv(key))));
    } catch (InvalidProxySettingsException e) {
      for (String problem : e.problems()) {
        System.err.println("proxy: cannot start: " + problem);
      }
      System.exit(1);
      return;
    }
    parsed.proxyPort().ifPresent(p -> System.setProperty("quarkus.http.port", Integer.toString(p)));
    parsed.logLevel().ifPresent(l -> System.setProperty("quarkus.log.level", l));
    Quarkus.run(ProxyApplication.class, args);
  }

  static int probe(ProxyArgs args) {
    int port;
    try {
      port =
          args.proxyPort()
              .orElseGet(
                  () -> {
                    String env = System.getenv("PROXY_PORT");
                    return env == null || env.isBlank() ? 8000 : ProxyArgs.port(env);
                  });
    } catch (IllegalArgumentException e) {
      System.err.println("proxy: PROXY_PORT: " + e.getMessage());
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
