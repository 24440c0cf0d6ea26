package dev.wimigrate.testkit.azure.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Azure refuses concurrent writes of federated identity credentials under one managed identity. A
 * write takes the identity for {@code hold}; any other FIC write to it before the hold ends (or the
 * lease is released) is refused with 409 {@code
 * ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity}.
 */
public final class FicWriteGate {

  public static final String CONCURRENT_CODE =
      "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity";

  private final Clock clock;
  private final java.util.function.Supplier<Duration> hold;
  private final Map<String, Lease> held = new HashMap<>();
  private final AtomicLong rejected = new AtomicLong();

  public FicWriteGate(Clock clock, Duration hold) {
    this(clock, () -> hold);
  }

  /** A gate whose hold time is read at each write (so a running emulator can change it). */
  public FicWriteGate(Clock clock, java.util.function.Supplier<Duration> hold) {
    this.clock = clock;
    this.hold = hold;
  }

  /**
   * Takes the identity for one write, or throws the 409 Azure answers to a concurrent write.
   *
   * @param identityId the identity's resource id (the key and the text of the message)
   */
  public synchronized Lease acquire(String identityId) {
    String key = identityId.toLowerCase(java.util.Locale.ROOT);
    Instant now = clock.instant();
    Lease current = held.get(key);
    if (current != null && now.isBefore(current.until)) {
      rejected.incrementAndGet();
      throw new ArmException(409, CONCURRENT_CODE, concurrentMessage(identityId));
    }
    Lease lease = new Lease(key, now.plus(hold.get()));
    held.put(key, lease);
    return lease;
  }

  /** Ends a write early (after the response was produced); harmless if the hold already ran out. */
  public synchronized void release(Lease lease) {
    held.remove(lease.key, lease);
  }

  public Duration hold() {
    return hold.get();
  }

  /** Frees every identity and forgets the refusal count. */
  public synchronized void reset() {
    held.clear();
    rejected.set(0);
  }

  public long rejectedCount() {
    return rejected.get();
  }

  /** Azure's message, with the identity's resource id lower-cased. */
  public static String concurrentMessage(String identityId) {
    return "Too many Federated Identity Credentials are written concurrently for the managed identity '"
        + identityId.toLowerCase(java.util.Locale.ROOT)
        + "'. Concurrent Federated Identity Credentials writes under the same managed identity are"
        + " not supported.";
  }

  /** One write's hold on an identity. */
  public static final class Lease {
    private final String key;
    private final Instant until;

    private Lease(String key, Instant until) {
      this.key = key;
      this.until = until;
    }

    public Instant until() {
      return until;
    }
  }
}
