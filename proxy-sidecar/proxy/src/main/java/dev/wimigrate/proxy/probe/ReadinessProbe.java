package dev.wimigrate.proxy.probe;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The postStart probe: polls the proxy's {@code /readyz} until it answers 200 or the timeout
 * passes. Unlike the reference, a refused connection is retried too: the hook runs while the proxy
 * is still starting.
 */
public final class ReadinessProbe {

  private final HttpClient http;
  private final Clock clock;
  private final Duration interval;

  public ReadinessProbe(HttpClient http, Clock clock, Duration interval) {
    this.http = http;
    this.clock = clock;
    this.interval = interval;
  }

  public static URI readyzUri(int port) {
    return URI.create("http://127.0.0.1:" + port + "/readyz");
  }

  /** Returns whether {@code uri} answered 200 before {@code timeout} passed. */
  public boolean await(URI uri, Duration timeout) {
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.isNegative() || left.isZero()) {
        return false;
      }
      try {
        HttpRequest request =
            HttpRequest.newBuilder(uri)
                .timeout(left.compareTo(Duration.ofSeconds(5)) < 0 ? left : Duration.ofSeconds(5))
                .GET()
                .build();
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return true;
        }
      } catch (IOException e) {
        // not listening yet: try again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      if (Duration.between(clock.instant(), deadline).compareTo(interval) <= 0) {
        return false;
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
