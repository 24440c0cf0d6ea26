package dev.wimigrate.azurekit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether ARM and Entra answer at all: any HTTP status counts, the point is the network path and
 * TLS, not permissions. Unauthenticated calls, so they spend no token and no ARM write budget;
 * answers are cached for {@link #CACHE} so health probes do not hammer Azure.
 */
public final class AzureReachabilityProbe {

  public static final Duration CACHE = Duration.ofSeconds(30);

  /** The outcome, with what to show in the health check's data (hosts and HTTP answers). */
  public record Reachability(boolean reachable, Map<String, String> data) {}

  private final HttpClient http;
  private final URI arm;
  private final URI entra;
  private final Clock clock;
  private volatile Reachability last;
  private volatile Instant lastAt = Instant.MIN;

  public AzureReachabilityProbe(AzureConnection azure) {
    this(azure, Clock.systemUTC());
  }

  AzureReachabilityProbe(AzureConnection azure, Clock clock) {
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .sslContext(azure.tls())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    this.arm = URI.create(azure.armEndpoint() + "/subscriptions?api-version=2022-12-01");
    this.entra =
        URI.create(
            azure.authorityEndpoint() + "/" + azure.settings().tenantId() + "/oauth2/v2.0/token");
  }

  public Reachability check() {
    Instant now = clock.instant();
    if (last != null && now.isBefore(lastAt.plus(CACHE))) {
      return last;
    }
    String armAnswer = answer(HttpRequest.newBuilder(arm).GET());
    String entraAnswer =
        answer(
            HttpRequest.newBuilder(entra)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
    Map<String, String> data = new LinkedHashMap<>();
    data.put("arm", arm.getScheme() + "://" + arm.getAuthority());
    data.put("armAnswer", armAnswer);
    data.put("entra", entra.getScheme() + "://" + entra.getAuthority());
    data.put("entraAnswer", entraAnswer);
    last =
        new Reachability(
            armAnswer.startsWith("HTTP") && entraAnswer.startsWith("HTTP"),
            java.util.Collections.unmodifiableMap(data));
    lastAt = now;
    return last;
  }

  private String answer(HttpRequest.Builder request) {
    try {
      return "HTTP "
          + http.send(
                  request.timeout(Duration.ofSeconds(5)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode();
    } catch (IOException e) {
      return "unreachable: " + e.getClass().getSimpleName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
