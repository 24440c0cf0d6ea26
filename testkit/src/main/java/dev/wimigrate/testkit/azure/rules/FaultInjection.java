package dev.wimigrate.testkit.azure.rules;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Failures injected into ARM calls (never into Entra or the admin API), drawn from a seeded random
 * sequence so a test that sends its requests in one order sees the same failures every run.
 *
 * @param rate probability (0…1) that an eligible request fails
 * @param seed seed of the random sequence (re-applied when the rules or the emulator are reset)
 * @param kinds the failures to pick from (uniformly)
 * @param slowDelay how long a {@link Kind#SLOW} request is held before it is handled
 * @param methods HTTP methods eligible for failures (empty = all)
 */
public record FaultInjection(
    double rate, long seed, Set<Kind> kinds, Duration slowDelay, Set<String> methods) {

  public FaultInjection {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("rate must be within 0..1");
    }
    kinds = Set.copyOf(kinds);
    if (rate > 0 && kinds.isEmpty()) {
      throw new IllegalArgumentException("a positive rate needs at least one kind of fault");
    }
    Objects.requireNonNull(slowDelay);
    TreeSet<String> upper = new TreeSet<>();
    methods.forEach(m -> upper.add(m.toUpperCase(Locale.ROOT)));
    methods = Set.copyOf(upper);
  }

  public static FaultInjection none() {
    return new FaultInjection(0, 1, Set.of(), Duration.ofSeconds(30), Set.of());
  }

  /** Fails {@code rate} of all ARM calls with one of {@code kinds}. */
  public static FaultInjection of(double rate, long seed, Kind... kinds) {
    return new FaultInjection(rate, seed, Set.of(kinds), Duration.ofSeconds(30), Set.of());
  }

  public FaultInjection withSlowDelay(Duration delay) {
    return new FaultInjection(rate, seed, kinds, delay, methods);
  }

  public FaultInjection onlyFor(String... httpMethods) {
    return new FaultInjection(rate, seed, kinds, slowDelay, Set.of(httpMethods));
  }

  public boolean applies(String httpMethod) {
    return methods.isEmpty() || methods.contains(httpMethod.toUpperCase(Locale.ROOT));
  }

  /** What goes wrong. */
  public enum Kind {
    /** 500 {@code InternalServerError}; the request has no effect. */
    INTERNAL_ERROR,
    /** 503 {@code ServiceUnavailable} with {@code Retry-After}; the request has no effect. */
    SERVICE_UNAVAILABLE,
    /** 504 {@code GatewayTimeout}; the request has no effect. */
    GATEWAY_TIMEOUT,
    /** The request is held for {@code slowDelay}, then handled: clients with a timeout give up. */
    SLOW,
    /** The connection is closed without an answer; the request has no effect. */
    DROP_CONNECTION,
    /** The request takes effect, then the connection is closed without an answer. */
    DROP_AFTER_COMMIT
  }
}
