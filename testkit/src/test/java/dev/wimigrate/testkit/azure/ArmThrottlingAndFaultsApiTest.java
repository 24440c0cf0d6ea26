package dev.wimigrate.testkit.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.wimigrate.testkit.azure.http.Operation;
import dev.wimigrate.testkit.azure.rules.ArmThrottling;
import dev.wimigrate.testkit.azure.rules.ArmThrottling.Bucket;
import dev.wimigrate.testkit.azure.rules.FaultInjection;
import dev.wimigrate.testkit.azure.rules.FaultInjection.Kind;
import dev.wimigrate.testkit.time.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ARM throttling (token buckets, headers, 429) and injected faults, seen over HTTPS. */
class ArmThrottlingAndFaultsApiTest {

  final MutableClock clock = new MutableClock(Instant.now());
  AzureEmulator azure;

  @AfterEach
  void stop() {
    if (azure != null) {
      azure.close();
    }
  }

  AzureHttp start(AzureEmulator.Builder builder) {
    azure = builder.clock(clock).ficWriteHold(Duration.ZERO).start();
    azure.createIdentity("rg", "app-mi", "westeurope");
    return new AzureHttp(azure);
  }

  static String header(AzureHttp.Reply reply, String name) {
    return reply.raw().headers().firstValue(name).orElse(null);
  }

  @Test
  void answersCountDownTheRemainingReadsAndAnEmptyBucketAnswers429WithRetryAfter()
      throws Exception {
    AzureHttp client =
        start(
            AzureEmulator.builder().throttling(ArmThrottling.azure().withReads(new Bucket(3, 1))));
    String path = client.identityPath("rg", "app-mi");

    List<String> remaining = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      AzureHttp.Reply ok = client.arm("GET", path, null);
      assertThat(ok.status()).isEqualTo(200);
      remaining.add(header(ok, "x-ms-ratelimit-remaining-subscription-reads"));
    }
    AzureHttp.Reply throttled = client.arm("GET", path, null);

    assertThat(remaining).containsExactly("2", "1", "0");
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.errorCode()).isEqualTo("SubscriptionRequestsThrottled");
    assertThat(header(throttled, "Retry-After")).isEqualTo("1");
    assertThat(header(throttled, "x-ms-failure-cause")).isEqualTo("gateway");
    assertThat(azure.throttledCalls()).isEqualTo(1);
    assertThat(azure.answers(Operation.IDENTITY_GET, 429)).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    AzureHttp.Reply afterRefill = client.arm("GET", path, null);
    assertThat(afterRefill.status()).isEqualTo(200);
    assertThat(header(afterRefill, "x-ms-ratelimit-remaining-subscription-global-reads"))
        .isNotNull();
  }

  @Test
  void writesAndDeletesReportTheirOwnRemainingTokens() throws Exception {
    AzureHttp client = start(AzureEmulator.builder());

    AzureHttp.Reply put = client.putIdentity("rg", "other-mi");
    AzureHttp.Reply delete = client.arm("DELETE", client.identityPath("rg", "other-mi"), null);

    // Azure's defaults: 200 writes and 200 deletes per caller, 15 times that per subscription
    assertThat(header(put, "x-ms-ratelimit-remaining-subscription-writes")).isEqualTo("199");
    assertThat(header(put, "x-ms-ratelimit-remaining-subscription-global-writes"))
        .isEqualTo("2999");
    assertThat(header(delete, "x-ms-ratelimit-remaining-subscription-deletes")).isEqualTo("199");
  }

  @Test
  void throttlingSwitchedOffOnARunningEmulatorLetsEveryCallThrough() throws Exception {
    AzureHttp client =
        start(
            AzureEmulator.builder().throttling(ArmThrottling.azure().withReads(new Bucket(1, 1))));
    String path = client.identityPath("rg", "app-mi");
    assertThat(client.arm("GET", path, null).status()).isEqualTo(200);
    assertThat(client.arm("GET", path, null).status()).isEqualTo(429);

    azure.updateRules(r -> r.withThrottling(ArmThrottling.off()));

    for (int i = 0; i < 10; i++) {
      AzureHttp.Reply reply = client.arm("GET", path, null);
      assertThat(reply.status()).isEqualTo(200);
      assertThat(header(reply, "x-ms-ratelimit-remaining-subscription-reads")).isNull();
    }
    assertThat(azure.throttledCalls()).isEqualTo(1);
  }

  @Test
  void managedIdentityProviderLimitRefusesASecondWriteToOneIdentityWithinFourSeconds()
      throws Exception {
    AzureHttp client =
        start(
            AzureEmulator.builder()
                .throttling(
                    ArmThrottling.azure()
                        .withManagedIdentityProvider(
                            ArmThrottling.ProviderLimits.managedIdentity())));
    String issuer = "https://issuer.example/";

    AzureHttp.Reply first = client.putFic("rg", "app-mi", "one", issuer, "s1", "api://x");
    AzureHttp.Reply second = client.putFic("rg", "app-mi", "two", issuer, "s2", "api://x");
    clock.advance(Duration.ofSeconds(4));
    AzureHttp.Reply later = client.putFic("rg", "app-mi", "two", issuer, "s2", "api://x");

    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(429);
    assertThat(header(second, "Retry-After")).isEqualTo("4");
    assertThat(header(second, "x-ms-failure-cause")).isEqualTo("service");
    assertThat(later.status()).isEqualTo(201);
    assertThat(azure.federatedCredentials(azure.identity("rg", "app-mi").orElseThrow())).hasSize(2);
  }

  @Test
  void injectedServerErrorsAndDroppedConnectionsFailCallsWithoutEffect() throws Exception {
    AzureHttp client = start(AzureEmulator.builder());
    azure.failNextArmCalls(
        Kind.INTERNAL_ERROR, Kind.SERVICE_UNAVAILABLE, Kind.GATEWAY_TIMEOUT, Kind.DROP_CONNECTION);

    AzureHttp.Reply internal = client.putIdentity("rg", "new-mi");
    AzureHttp.Reply unavailable = client.putIdentity("rg", "new-mi");
    AzureHttp.Reply timeout = client.putIdentity("rg", "new-mi");
    assertThatThrownBy(() -> client.putIdentity("rg", "new-mi")).isInstanceOf(IOException.class);

    assertThat(internal.status()).isEqualTo(500);
    assertThat(internal.errorCode()).isEqualTo("InternalServerError");
    assertThat(unavailable.status()).isEqualTo(503);
    assertThat(header(unavailable, "Retry-After")).isEqualTo("1");
    assertThat(timeout.status()).isEqualTo(504);
    assertThat(timeout.errorCode()).isEqualTo("GatewayTimeout");
    assertThat(azure.identity("rg", "new-mi")).isEmpty();
    assertThat(azure.faultsInjected()).isEqualTo(4);
    // the emulator books the dropped call after closing the connection, which the client may see
    // first
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(azure.answers(Operation.IDENTITY_PUT, 0)).isEqualTo(1));

    assertThat(client.putIdentity("rg", "new-mi").status()).isEqualTo(201);
  }

  @Test
  void connectionDroppedAfterCommitLeavesTheChangeMadeButUnanswered() throws Exception {
    AzureHttp client = start(AzureEmulator.builder());
    azure.failNextArmCalls(Kind.DROP_AFTER_COMMIT);

    assertThatThrownBy(() -> client.putIdentity("rg", "new-mi")).isInstanceOf(IOException.class);

    assertThat(azure.identity("rg", "new-mi")).isPresent();
    assertThat(client.putIdentity("rg", "new-mi").status()).isEqualTo(200);
  }

  @Test
  void slowCallOutlastsTheClientsTimeout() throws Exception {
    AzureHttp client =
        start(
            AzureEmulator.builder()
                .faults(FaultInjection.none().withSlowDelay(Duration.ofSeconds(3))));
    azure.failNextArmCalls(Kind.SLOW);
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    azure.armUrl()
                        + client.identityPath("rg", "app-mi")
                        + "?api-version="
                        + AzureHttp.MI_API))
            .header("Authorization", "Bearer " + client.token)
            .timeout(Duration.ofMillis(300))
            .GET()
            .build();

    assertThatThrownBy(() -> client.http.send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(azure.faultsInjected()).isEqualTo(1);
  }

  @Test
  void faultsAtARateHitTheSameCallsForTheSameSeedAndSpareEntra() throws Exception {
    List<Integer> first = statusesWithFaultRate(0.4, 11);
    stop();
    List<Integer> second = statusesWithFaultRate(0.4, 11);

    assertThat(first).isEqualTo(second);
    long failed = first.stream().filter(s -> s == 500).count();
    assertThat(failed).isEqualTo(azure.faultsInjected()).isBetween(1L, 29L);
    assertThat(first).containsOnly(200, 500);
  }

  List<Integer> statusesWithFaultRate(double rate, long seed) throws Exception {
    azure = null;
    azure =
        AzureEmulator.builder()
            .registerClient("app", "secret")
            .faults(FaultInjection.of(rate, seed, Kind.INTERNAL_ERROR))
            .start();
    azure.createIdentity("rg", "app-mi", "westeurope");
    AzureHttp client = new AzureHttp(azure);
    // the token endpoint never fails
    for (int i = 0; i < 5; i++) {
      assertThat(
              client
                  .token(
                      Map.of(
                          "grant_type", "client_credentials",
                          "client_id", "app",
                          "client_secret", "secret",
                          "scope", "https://management.azure.com/.default"))
                  .status())
          .isEqualTo(200);
    }
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      statuses.add(client.arm("GET", client.identityPath("rg", "app-mi"), null).status());
    }
    return statuses;
  }
}
