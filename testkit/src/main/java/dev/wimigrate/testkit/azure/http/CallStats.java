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
