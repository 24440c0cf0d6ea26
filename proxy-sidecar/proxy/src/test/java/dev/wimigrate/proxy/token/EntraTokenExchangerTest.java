package dev.wimigrate.proxy.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wimigrate.proxy.testing.FakeEntra;
import dev.wimigrate.testkit.time.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntraTokenExchangerTest {

  static final String ASSERTION =
      "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzYSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZS14eXo";

  @TempDir Path dir;
  Path tokenFile;
  FakeEntra entra;
  EntraTokenExchanger exchanger;
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final TokenRequest request =
      new TokenRequest(
          "client-1", "tenant-1", "https://vault.azure.net/.default", "https://vault.azure.net");

  @BeforeEach
  void setUp() throws IOException {
    tokenFile = Files.writeString(dir.resolve("token"), ASSERTION + "\n");
    entra = new FakeEntra();
    exchanger = exchanger(URI.create(entra.authorityHost()));
  }

  EntraTokenExchanger exchanger(URI authority) {
    return new EntraTokenExchanger(
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
        authority,
        new FederatedTokenFile(tokenFile),
        clock,
        Duration.ofSeconds(10),
        new ObjectMapper());
  }

  @AfterEach
  void tearDown() {
    entra.close();
  }

  @Test
  void exchangeIsAClientCredentialsGrantWithTheProjectedTokenAsAssertion() {
    AccessToken token = exchanger.exchange(request);

    assertThat(entra.received()).hasSize(1);
    FakeEntra.Received received = entra.received().get(0);
    assertThat(received.method()).isEqualTo("POST");
    assertThat(received.path()).isEqualTo("/tenant-1/oauth2/v2.0/token");
    assertThat(received.contentType()).isEqualTo("application/x-www-form-urlencoded");
    assertThat(received.form())
        .isEqualTo(
            Map.of(
                "grant_type", "client_credentials",
                "client_id", "client-1",
                "scope", "https://vault.azure.net/.default",
                "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", ASSERTION));
    assertThat(token.value()).isEqualTo("token-1");
    assertThat(token.tokenType()).isEqualTo("Bearer");
    assertThat(token.issuedAt()).isEqualTo(clock.instant());
    assertThat(token.expiresOn()).isEqualTo(clock.instant().plusSeconds(3600));
    assertThat(token.extExpiresInSeconds()).isEqualTo(3600);
  }

  @Test
  void rotatedTokenFileIsReadAgain() throws IOException {
    exchanger.exchange(request);
    Files.writeString(tokenFile, "rotated.jwt.value");
    exchanger.exchange(request);

    assertThat(entra.received())
        .extracting(r -> r.form().get("client_assertion"))
        .containsExactly(ASSERTION, "rotated.jwt.value");
  }

  @Test
  void entraErrorIsPassedOnWithoutTheAssertion() {
    entra.respondWith(
        r ->
            FakeEntra.aadstsError(
                401,
                "invalid_client",
                70021,
                "No matching federated identity record found for presented assertion "
                    + ASSERTION));

    assertThatThrownBy(() -> exchanger.exchange(request))
        .isInstanceOfSatisfying(
            TokenExchangeException.class,
            e -> {
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.error()).isEqualTo("invalid_client");
              assertThat(e.errorCodes()).containsExactly(70021L);
              assertThat(e.description())
                  .isEqualTo(
                      "AADSTS70021: No matching federated identity record found for presented"
                          + " assertion [assertion redacted]");
              assertThat(e.getMessage()).doesNotContain(ASSERTION);
            });
  }

  @Test
  void assertionSignatureAloneIsRedactedToo() {
    String signature = ASSERTION.substring(ASSERTION.lastIndexOf('.') + 1);

    assertThat(EntraTokenExchanger.redact("sig " + signature, ASSERTION))
        .isEqualTo("sig [assertion redacted]");
  }

  @Test
  void nonOAuthErrorBodyBecomesAServerErrorWithEntrasStatus() {
    entra.respondWith(r -> new FakeEntra.Reply(502, "<html>bad gateway</html>"));

    assertThatThrownBy(() -> exchanger.exchange(request))
        .isInstanceOfSatisfying(
            TokenExchangeException.class,
            e -> {
              assertThat(e.status()).isEqualTo(502);
              assertThat(e.error()).isEqualTo("server_error");
              assertThat(e.description()).doesNotContain("html");
            });
  }

  @Test
  void unreachableEntraIsTemporarilyUnavailable() {
    entra.close();

    assertThatThrownBy(() -> exchanger.exchange(request))
        .isInstanceOfSatisfying(
            TokenExchangeException.class,
            e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.error()).isEqualTo("temporarily_unavailable");
            });
  }

  @Test
  void missingTokenFileIsAServerErrorNamingThePathOnly() throws IOException {
    Files.delete(tokenFile);

    assertThatThrownBy(() -> exchanger.exchange(request))
        .isInstanceOfSatisfying(
            TokenExchangeException.class,
            e -> {
              assertThat(e.status()).isEqualTo(500);
              assertThat(e.description())
                  .isEqualTo(
                      "cannot read the projected service-account token "
                          + tokenFile
                          + " (NoSuchFileException)");
            });
    assertThat(entra.received()).isEmpty();
  }

  @Test
  void tokenEndpointJoinsAuthorityAndTenant() {
    assertThat(exchanger(URI.create("https://login.microsoftonline.us")).tokenEndpoint("t"))
        .hasToString("https://login.microsoftonline.us/t/oauth2/v2.0/token");
    assertThat(exchanger(URI.create("https://login.chinacloudapi.cn/")).tokenEndpoint("t"))
        .hasToString("https://login.chinacloudapi.cn/t/oauth2/v2.0/token");
  }

  @Test
  void stringExpiresInFromOlderEndpointsIsAccepted() {
    entra.respondWith(
        r ->
            new FakeEntra.Reply(
                200, "{\"token_type\":\"Bearer\",\"expires_in\":\"600\",\"access_token\":\"x\"}"));

    AccessToken token = exchanger.exchange(request);

    assertThat(token.expiresOn()).isEqualTo(clock.instant().plusSeconds(600));
    assertThat(token.extExpiresInSeconds()).isEqualTo(600);
    assertThat(List.of(token.value())).containsExactly("x");
  }
}
