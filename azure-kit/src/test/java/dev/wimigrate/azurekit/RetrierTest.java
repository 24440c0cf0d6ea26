package dev.wimigrate.azurekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wimigrate.testkit.time.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetrierTest {

  final MutableClock clock = new MutableClock();
  final List<Duration> slept = new ArrayList<>();
  final List<String> retried = new ArrayList<>();

  Retrier retrier(int attempts, Duration maxElapsed) {
    return new Retrier(
        new RetryBudget(attempts, maxElapsed, Duration.ofMillis(100), Duration.ofSeconds(10)),
        clock,
        d -> {
          slept.add(d);
          clock.advance(d);
        },
        fixedRandom(0.0),
        (operation, failure, attempt, delay) ->
            retried.add(operation + "#" + attempt + ":" + failure.code()));
  }

  static RandomGenerator fixedRandom(double value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return 0;
      }

      @Override
      public double nextDouble() {
        return value;
      }
    };
  }

  static AzureCallException throttled(long retryAfterSeconds) {
    return new AzureCallException(
        429, "TooManyRequests", "throttled", Duration.ofSeconds(retryAfterSeconds));
  }

  @Test
  void throttlingIsRetriedAfterTheRetryAfterAzureAskedFor() {
    AtomicInteger calls = new AtomicInteger();
    String result =
        retrier(5, Duration.ofMinutes(2))
            .call(
                "put",
                () -> {
                  if (calls.incrementAndGet() < 3) {
                    throw throttled(7);
                  }
                  return "done";
                });
    assertThat(result).isEqualTo("done");
    assertThat(slept).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
    assertThat(retried).containsExactly("put#1:TooManyRequests", "put#2:TooManyRequests");
  }

  @Test
  void aConcurrentWriteConflictIsRetriedButAnOrdinaryConflictIsNot() {
    AtomicInteger calls = new AtomicInteger();
    retrier(5, Duration.ofMinutes(2))
        .call(
            "put",
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw new AzureCallException(
                    409, AzureCallException.CONCURRENT_FIC_WRITES, "busy", null);
              }
              return 1;
            });
    assertThat(calls).hasValue(2);

    AzureCallException conflict = new AzureCallException(409, "Conflict", "exists", null);
    calls.set(0);
    assertThatThrownBy(
            () ->
                retrier(5, Duration.ofMinutes(2))
                    .call(
                        "put",
                        () -> {
                          calls.incrementAndGet();
                          throw conflict;
                        }))
        .isSameAs(conflict);
    assertThat(calls).hasValue(1);
  }

  @Test
  void aPermanentFailureIsThrownAtOnce() {
    AzureCallException notFound = new AzureCallException(404, "ResourceNotFound", "gone", null);
    assertThatThrownBy(
            () ->
                retrier(5, Duration.ofMinutes(2))
                    .call(
                        "get",
                        () -> {
                          throw notFound;
                        }))
        .isSameAs(notFound);
    assertThat(slept).isEmpty();
  }

  @Test
  void theLastFailureIsThrownWhenTheAttemptsAreUsedUp() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                retrier(3, Duration.ofMinutes(2))
                    .call(
                        "list",
                        () -> {
                          calls.incrementAndGet();
                          throw new AzureCallException(503, null, "unavailable", null);
                        }))
        .isInstanceOf(AzureCallException.class)
        .extracting(e -> ((AzureCallException) e).code())
        .isEqualTo("HttpStatus503");
    assertThat(calls).hasValue(3);
  }

  @Test
  void aWaitThatWouldEndPastTheTimeBudgetIsNotStarted() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                retrier(10, Duration.ofSeconds(30))
                    .call(
                        "put",
                        () -> {
                          calls.incrementAndGet();
                          throw throttled(20);
                        }))
        .isInstanceOf(AzureCallException.class);
    assertThat(calls).hasValue(2);
    assertThat(slept).containsExactly(Duration.ofSeconds(20));
  }

  @Test
  void noAnswerAtAllCountsAsTransient() {
    AzureCallException dropped =
        AzureCallException.noAnswer("list", new java.io.IOException("connection reset"));
    assertThat(dropped.isTransient()).isTrue();
    assertThat(dropped.status()).isZero();
    assertThat(dropped.getMessage()).contains("connection reset");
  }
}
