package dev.wimigrate.federation.azure;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Says whether ARM and Entra answer at all (any HTTP status counts: the point is the network path
 * and TLS, not our permissions). Served at {@code /q/health/group/azure} and deliberately not part
 * of readiness: a consumer that cannot reach Azure keeps retrying, and restarting or un-readying
 * the pod would not bring Azure back. Answers are cached for 30 s so probes do not spend ARM
 * budget.
 */
@HealthGroup("azure")
@ApplicationScoped
public class AzureReachability implements HealthCheck {

  private static final Duration CACHE = Duration.ofSeconds(30);

  private final HttpClient http;
  private final URI arm;
  private final URI entra;
  private volatile HealthCheckResponse last;
  private volatile Instant lastAt = Instant.MIN;

  public AzureReachability(AzureClients azure) {
    AzureSettings settings = azure.settings();
    this.http =
        HttpClient.newBuilder()
            .sslContext(azure.tls())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    this.arm =
        URI.create(
            AzureClients.trimSlash(settings.armEndpoint())
                + "/subscriptions?api-version=2022-12-01");
    String host = AzureClients.trimSlash(settings.authorityHost());
    this.entra = URI.create(host + "/" + settings.tenantId() + "/oauth2/v2.0/token");
  }

  @Override
  public HealthCheckResponse call() {
    if (last != null && Instant.now().isBefore(lastAt.plus(CACHE))) {
      return last;
    }
    HealthCheckResponseBuilder response = HealthCheckResponse.named("azure");
    String armAnswer = answer(HttpRequest.newBuilder(arm).GET());
    String entraAnswer =
        answer(
            HttpRequest.newBuilder(entra)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
    response
        .withData("arm", arm.getScheme() + "://" + arm.getAuthority())
        .withData("armAnswer", armAnswer)
        .withData("entra", entra.getScheme() + "://" + entra.getAuthority())
        .withData("entraAnswer", entraAnswer)
        .status(armAnswer.startsWith("HTTP") && entraAnswer.startsWith("HTTP"));
    last = response.build();
    lastAt = Instant.now();
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
