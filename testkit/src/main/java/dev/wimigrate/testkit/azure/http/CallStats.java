package dev.wimigrate.testkit.azure.http;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters the tests read: calls per operation, tokens issued per client and per identity. */
public final class CallStats {

  private final Map<Operation, AtomicLong> calls = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> tokensByClient = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> tokensByIdentity = new ConcurrentHashMap<>();
  private final Map<Operation, Map<Integer, AtomicLong>> statuses = new ConcurrentHashMap<>();

  /**
   * Records the answer to one call: its HTTP status, or {@link #NO_ANSWER} when the connection was
   * dropped without one.
   */
  public void answered(Operation operation, int status) {
    statuses
        .computeIfAbsent(operation, o -> new ConcurrentHashMap<>())
        .computeIfAbsent(status, s -> new AtomicLong())
        .incrementAndGet();
  }

  /** The status recorded for a call whose connection was closed without an answer. */
  public static final int NO_ANSWER = 0;

  /** Answers per operation and HTTP status (0 = no answer: the connection was dropped). */
  public Map<Operation, Map<Integer, Long>> statuses() {
    Map<Operation, Map<Integer, Long>> copy = new EnumMap<>(Operation.class);
    statuses.forEach(
        (op, m) -> {
          Map<Integer, Long> inner = new java.util.TreeMap<>();
          m.forEach((k, v) -> inner.put(k, v.get()));
          copy.put(op, inner);
        });
    return copy;
  }

  /** Answers with this status to this operation. */
  public long answers(Operation operation, int status) {
    Map<Integer, AtomicLong> m = statuses.get(operation);
    AtomicLong n = m == null ? null : m.get(status);
    return n == null ? 0 : n.get();
  }

  /** Forgets every count. */
  public void reset() {
    calls.clear();
    statuses.clear();
    tokensByClient.clear();
    tokensByIdentity.clear();
  }

  public void count(Operation operation) {
    calls.computeIfAbsent(operation, o -> new AtomicLong()).incrementAndGet();
  }

  public void tokenIssued(String clientId, String identityId) {
    tokensByClient
        .computeIfAbsent(clientId.toLowerCase(Locale.ROOT), c -> new AtomicLong())
        .incrementAndGet();
    if (identityId != null) {
      tokensByIdentity
          .computeIfAbsent(identityId.toLowerCase(Locale.ROOT), c -> new AtomicLong())
          .incrementAndGet();
    }
  }

  public long calls(Operation operation) {
    AtomicLong n = calls.get(operation);
    return n == null ? 0 : n.get();
  }

  public Map<Operation, Long> calls() {
    Map<Operation, Long> copy = new EnumMap<>(Operation.class);
    calls.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  public long tokensForClient(String clientId) {
    AtomicLong n = tokensByClient.get(clientId.toLowerCase(Locale.ROOT));
    return n == null ? 0 : n.get();
  }

  public long tokensForIdentity(String identityId) {
    AtomicLong n = tokensByIdentity.get(identityId.toLowerCase(Locale.ROOT));
    return n == null ? 0 : n.get();
  }

  /** Tokens issued per managed identity, keyed by lower-cased resource id. */
  public Map<String, Long> tokensPerIdentity() {
    Map<String, Long> copy = new LinkedHashMap<>();
    tokensByIdentity.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }
}
