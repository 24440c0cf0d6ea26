package dev.wimigrate.proxy.probe;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The command line the workload identity webhook gives the proxy: {@code --proxy-port=N}, {@code
 * --probe}, {@code --log-level=L}; plus {@code --probe-timeout=SECONDS}. Both {@code --flag=value}
 * and {@code --flag value} are accepted.
 */
public record ProxyArgs(
    Optional<Integer> proxyPort, boolean probe, Duration probeTimeout, Optional<String> logLevel) {

  public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(30);

  /** Reference log levels to JBoss log levels. */
  private static final Map<String, String> LOG_LEVELS =
      Map.of(
          "", "INFO",
          "info", "INFO",
          "debug", "DEBUG",
          "trace", "TRACE",
          "all", "ALL",
          "warning", "WARN",
          "warn", "WARN",
          "error", "ERROR");

  /**
   * @throws IllegalArgumentException with a message for the user
   */
  public static ProxyArgs parse(String... args) {
    Optional<Integer> port = Optional.empty();
    boolean probe = false;
    Duration timeout = DEFAULT_PROBE_TIMEOUT;
    Optional<String> level = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      switch (name) {
        case "--probe" -> {
          if (value != null && !value.equalsIgnoreCase("true")) {
            probe = !value.equalsIgnoreCase("false");
          } else {
            probe = true;
          }
        }
        case "--proxy-port" -> {
          value = value != null ? value : next(args, ++i, name);
          port = Optional.of(port(value));
        }
        case "--probe-timeout" -> {
          value = value != null ? value : next(args, ++i, name);
          timeout = seconds(value);
        }
        case "--log-level" -> {
          value = value != null ? value : next(args, ++i, name);
          String mapped = LOG_LEVELS.get(value.toLowerCase(Locale.ROOT));
          if (mapped == null) {
            throw new IllegalArgumentException(
                "--log-level=" + value + " is not one of info, debug, trace, all, warning, error");
          }
          level = Optional.of(mapped);
        }
        default -> throw new IllegalArgumentException("unknown argument " + arg);
      }
    }
    return new ProxyArgs(port, probe, timeout, level);
  }

  /** Parses a port as {@code PROXY_PORT} / {@code --proxy-port} give it. */
  public static int port(String value) {
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("proxy port " + value + " is not between 1 and 65535");
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("proxy port '" + value + "' is not a number");
    }
  }

  private static Duration seconds(String value) {
    try {
      long s = Long.parseLong(value.trim());
      if (s < 1) {
        throw new IllegalArgumentException("--probe-timeout must be at least 1 second");
      }
      return Duration.ofSeconds(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--probe-timeout '" + value + "' is not a number of seconds");
    }
  }

  private static String next(String[] args, int i, String name) {
    if (i >= args.length) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return args[i];
  }
}
