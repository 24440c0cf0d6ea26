package dev.wimigrate.testkit.azure.rules;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Decides which ARM call fails and how: first any faults a test scripted for the next calls, then a
 * seeded random draw at the configured rate. Deterministic for a client that sends its calls in one
 * order.
 */
public final class FaultInjector {

  private final Supplier<FaultInjection> settings;
  private final Deque<FaultInjection.Kind> scripted = new ArrayDeque<>();
  private final AtomicLong injected = new AtomicLong();
  private Random random;
  private long seededWith;

  public FaultInjector(Supplier<FaultInjection> settings) {
    this.settings = settings;
    reseed(settings.get().seed());
  }

  /** The fault for the next eligible call, or null. */
  public synchronized FaultInjection.Kind next(String httpMethod) {
    FaultInjection f = settings.get();
    if (!f.applies(httpMethod)) {
      return null;
    }
    FaultInjection.Kind kind = scripted.poll();
    if (kind == null && f.rate() > 0) {
      if (seededWith != f.seed()) {
        reseed(f.seed());
      }
      if (random.nextDouble() < f.rate()) {
        List<FaultInjection.Kind> kinds = f.kinds().stream().sorted().toList();
        kind = kinds.get(random.nextInt(kinds.size()));
      }
    }
    if (kind != null) {
      injected.incrementAndGet();
    }
    return kind;
  }

  /** Makes the next eligible calls fail with these faults, in order, before any random ones. */
  public synchronized void failNext(List<FaultInjection.Kind> kinds) {
    scripted.addAll(kinds);
  }

  public long injectedCount() {
    return injected.get();
  }

  /** Drops scripted faults, the count, and restarts the random sequence from its seed. */
  public synchronized void reset() {
    scripted.clear();
    injected.set(0);
    reseed(settings.get().seed());
  }

  private void reseed(long seed) {
    random = new Random(seed);
    seededWith = seed;
  }
}
