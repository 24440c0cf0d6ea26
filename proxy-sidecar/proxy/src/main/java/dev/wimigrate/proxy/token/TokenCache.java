package dev.wimigrate.proxy.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Caches access tokens per (client id, tenant, scope) and refreshes them shortly before expiry.
 * Concurrent misses for one key share a single exchange (single-flight); failures are not cached.
 */
public final class TokenCache {

  /** Refresh when less than this much lifetime remains ... */
  public static final Duration MIN_REMAINING = Duration.ofMinutes(5);

  /** ... or less than this fraction of the token's lifetime remains, whichever comes first. */
  public static final double MIN_REMAINING_FRACTION = 0.10;

  /** Told about every lookup; used for metrics. */
  public interface Observer {
    void hit();

    void miss();

    Observer NONE =
        new Observer() {
          @Override
          public void hit() {}

          @Override
          public void miss() {}
        };
  }

  private final TokenExchanger exchanger;
  private final Clock clock;
  private final Observer observer;
  private final ConcurrentMap<TokenRequest.Key, AccessToken> tokens = new ConcurrentHashMap<>();
  private final ConcurrentMap<TokenRequest.Key, CompletableFuture<AccessToken>> inFlight =
      new ConcurrentHashMap<>();

  public TokenCache(TokenExchanger exchanger, Clock clock, Observer observer) {
    this.exchanger = exchanger;
    this.clock = clock;
    this.observer = observer;
  }

  /** Whether a token must be replaced at {@code now}. */
  public static boolean needsRefresh(AccessToken token, Instant now) {
    Duration remaining = token.remaining(now);
    Duration fraction =
        Duration.ofMillis((long) (token.lifetime().toMillis() * MIN_REMAINING_FRACTION));
    Duration threshold = fraction.compareTo(MIN_REMAINING) > 0 ? fraction : MIN_REMAINING;
    return remaining.compareTo(threshold) < 0;
  }

  /**
   * Returns a fresh token for the request, exchanging at most once per key at a time.
   *
   * @throws TokenExchangeException when the exchange fails
   */
  public AccessToken get(TokenRequest request) {
    TokenRequest.Key key = request.key();
    AccessToken cached = fresh(key);
    if (cached != null) {
      observer.hit();
      return cached;
    }
    observer.miss();
    CompletableFuture<AccessToken> mine = new CompletableFuture<>();
    CompletableFuture<AccessToken> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      return await(running);
    }
    try {
      // another flight may have completed between our lookup and claiming the key
      AccessToken token = fresh(key);
      if (token == null) {
        token = exchangeOrKeepValid(key, request);
      }
      mine.complete(token);
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
    } finally {
      inFlight.remove(key, mine);
    }
    return await(mine);
  }

  /**
   * Exchanges; when Entra is unavailable (5xx / unreachable) while the cached token has not yet
   * expired, keeps serving that token so a short outage during the refresh window is invisible.
   * Refusals (4xx, e.g. a deleted federated credential) are always passed on.
   */
  private AccessToken exchangeOrKeepValid(TokenRequest.Key key, TokenRequest request) {
    try {
      AccessToken token = exchanger.exchange(request);
      tokens.put(key, token);
      return token;
    } catch (TokenExchangeException e) {
      AccessToken stale = tokens.get(key);
      if (e.status() >= 500 && stale != null && stale.remaining(clock.instant()).toSeconds() > 60) {
        return stale;
      }
      throw e;
    }
  }

  /** Number of cached tokens (fresh or not). */
  public int size() {
    return tokens.size();
  }

  private AccessToken fresh(TokenRequest.Key key) {
    AccessToken token = tokens.get(key);
    if (token == null) {
      return null;
    }
    if (needsRefresh(token, clock.instant())) {
      return null;
    }
    return token;
  }

  private static AccessToken await(CompletableFuture<AccessToken> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
