package dev.wimigrate.proxy.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.wimigrate.testkit.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenCacheTest {

  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final AtomicInteger exchanges = new AtomicInteger();
  final AtomicInteger hits = new AtomicInteger();
  final AtomicInteger misses = new AtomicInteger();
  final ExecutorService pool = Executors.newFixedThreadPool(8);
  Duration lifetime = Duration.ofHours(1);

  final TokenExchanger exchanger =
      request -> {
        int n = exchanges.incrementAndGet();
        Instant now = clock.instant();
        return new AccessToken("t" + n, "Bearer", now, now.plus(lifetime), lifetime.toSeconds());
      };

  final TokenCache.Observer observer =
      new TokenCache.Observer() {
        @Override
        public void hit() {
          hits.incrementAndGet();
        }

        @Override
        public void miss() {
          misses.incrementAndGet();
        }
      };

  static TokenRequest request(String clientId, String scope) {
    return new TokenRequest(clientId, "tenant", scope, scope);
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  @Test
  void secondRequestForOneKeyIsServedFromTheCache() {
    TokenCache cache = new TokenCache(exchanger, clock, observer);

    AccessToken first = cache.get(request("c", "s/.default"));
    clock.advance(Duration.ofMinutes(30));
    AccessToken second = cache.get(request("C", "s/.default"));

    assertThat(second).isSameAs(first);
    assertThat(exchanges).hasValue(1);
    assertThat(hits).hasValue(1);
    assertThat(misses).hasValue(1);
  }

  @Test
  void keysDifferByClientTenantAndScope() {
    TokenCache cache = new TokenCache(exchanger, clock, observer);

    cache.get(request("c1", "s"));
    cache.get(request("c2", "s"));
    cache.get(request("c1", "other"));
    cache.get(new TokenRequest("c1", "tenant-2", "s", "s"));

    assertThat(exchanges).hasValue(4);
    assertThat(cache.size()).isEqualTo(4);
  }

  @ParameterizedTest(name = "lifetime {0} min, {1} min later -> refresh {2}")
  @CsvSource({
    // one hour: 5 minutes dominates 10 % (6 min) -> threshold 6 min
    "60, 53, false",
    "60, 55, true",
    // one day: 10 % = 144 min
    "1440, 1290, false",
    "1440, 1297, true",
    // ten minutes: 5 minutes left is the threshold
    "10, 4, false",
    "10, 6, true",
    // shorter than five minutes: never served from cache
    "4, 0, true"
  })
  void tokenIsRefreshedWhenLessThanFiveMinutesOrTenPercentOfItsLifetimeRemain(
      long lifetimeMinutes, long elapsedMinutes, boolean refresh) {
    Instant issued = clock.instant();
    AccessToken token =
        new AccessToken("t", "Bearer", issued, issued.plus(Duration.ofMinutes(lifetimeMinutes)), 0);

    assertThat(TokenCache.needsRefresh(token, issued.plus(Duration.ofMinutes(elapsedMinutes))))
        .isEqualTo(refresh);
  }

  @Test
  void expiringTokenIsExchangedAgain() {
    TokenCache cache = new TokenCache(exchanger, clock, observer);

    AccessToken first = cache.get(request("c", "s"));
    clock.advance(Duration.ofMinutes(56));
    AccessToken second = cache.get(request("c", "s"));

    assertThat(second.value()).isNotEqualTo(first.value());
    assertThat(exchanges).hasValue(2);
  }

  @Test
  void failedExchangeIsNotCached() {
    AtomicInteger calls = new AtomicInteger();
    TokenCache cache =
        new TokenCache(
            request -> {
              if (calls.incrementAndGet() == 1) {
                throw new TokenExchangeException(400, "invalid_client", "AADSTS70021", List.of());
              }
              return exchanger.exchange(request);
            },
            clock,
            observer);

    assertThatThrownBy(() -> cache.get(request("c", "s")))
        .isInstanceOf(TokenExchangeException.class)
        .hasMessageContaining("invalid_client");
    assertThat(cache.get(request("c", "s")).value()).isEqualTo("t1");
    assertThat(calls).hasValue(2);
  }

  @Test
  void concurrentMissesForOneKeyDoOneExchange() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger entered = new AtomicInteger();
    TokenCache cache =
        new TokenCache(
            request -> {
              entered.incrementAndGet();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return exchanger.exchange(request);
            },
            clock,
            observer);

    List<Future<AccessToken>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      results.add(pool.submit(() -> cache.get(request("c", "s"))));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> misses.get() == 8);
    release.countDown();

    for (Future<AccessToken> result : results) {
      assertThat(result.get(5, TimeUnit.SECONDS).value()).isEqualTo("t1");
    }
    assertThat(entered).hasValue(1);
    assertThat(exchanges).hasValue(1);
  }

  @Test
  void concurrentMissesShareTheFailureToo() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger entered = new AtomicInteger();
    TokenCache cache =
        new TokenCache(
            request -> {
              entered.incrementAndGet();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              throw new TokenExchangeException(503, "temporarily_unavailable", "down", List.of());
            },
            clock,
            observer);

    List<Future<AccessToken>> results = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      results.add(pool.submit(() -> cache.get(request("c", "s"))));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> misses.get() == 4);
    release.countDown();

    for (Future<AccessToken> result : results) {
      assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(TokenExchangeException.class);
    }
    assertThat(entered).hasValue(1);
  }

  @Test
  void unavailableEntraDuringRefreshKeepsServingTheStillValidToken() {
    AtomicInteger calls = new AtomicInteger();
    TokenCache cache =
        new TokenCache(
            request -> {
              if (calls.incrementAndGet() > 1) {
                throw new TokenExchangeException(503, "temporarily_unavailable", "down", List.of());
              }
              return exchanger.exchange(request);
            },
            clock,
            observer);

    AccessToken first = cache.get(request("c", "s"));
    clock.advance(Duration.ofMinutes(56));

    assertThat(cache.get(request("c", "s"))).isSameAs(first);
    clock.advance(Duration.ofMinutes(3));
    assertThatThrownBy(() -> cache.get(request("c", "s")))
        .isInstanceOf(TokenExchangeException.class);
  }

  @Test
  void refusalDuringRefreshIsPassedOnEvenWhileTheOldTokenIsValid() {
    AtomicInteger calls = new AtomicInteger();
    TokenCache cache =
        new TokenCache(
            request -> {
              if (calls.incrementAndGet() > 1) {
                throw new TokenExchangeException(400, "invalid_client", "AADSTS70021", List.of());
              }
              return exchanger.exchange(request);
            },
            clock,
            observer);

    cache.get(request("c", "s"));
    clock.advance(Duration.ofMinutes(56));

    assertThatThrownBy(() -> cache.get(request("c", "s")))
        .isInstanceOf(TokenExchangeException.class)
        .hasMessageContaining("invalid_client");
  }
}
