package dev.wimigrate.testkit.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wimigrate.testkit.azure.arm.ManagedIdentity;
import dev.wimigrate.testkit.kube.ControlPlane;
import dev.wimigrate.testkit.kube.ControlPlanes;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Entra token exchange with real service-account tokens from the test bed's kube-apiserver: the
 * emulator fetches the apiserver's OIDC discovery and keys over HTTPS, as Entra does.
 */
class WorkloadIdentityTokenExchangeTest {

  static final String AUD = "api://AzureADTokenExchange";
  static final Duration PROPAGATION = Duration.ofSeconds(2);

  static ControlPlane plane;
  static TestIssuer otherIssuer;
  static AzureEmulator azure;
  static AzureHttp client;
  static String ns;

  @BeforeAll
  static void start() throws Exception {
    plane = ControlPlanes.shared();
    otherIssuer = new TestIssuer();
    azure =
        AzureEmulator.builder()
            .trustIssuerCa(plane.caCertificatePem())
            .trustIssuerCa(otherIssuer.caPem())
            .ficPropagationDelay(PROPAGATION)
            .ficWriteHold(Duration.ofMillis(10))
            .start();
    client = new AzureHttp(azure);
    KubernetesClient kube = plane.client();
    ns = "azure-" + UUID.randomUUID().toString().substring(0, 8);
    kube.namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> kube.serviceAccounts().inNamespace(ns).withName("default").get() != null);
    for (String sa : new String[] {"orders", "other"}) {
      kube.serviceAccounts()
          .inNamespace(ns)
          .resource(
              new ServiceAccountBuilder().withNewMetadata().withName(sa).endMetadata().build())
          .create();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    azure.close();
    otherIssuer.close();
  }

  static String saToken(String sa, String audience) {
    return plane
        .client()
        .serviceAccounts()
        .inNamespace(ns)
        .withName(sa)
        .tokenRequest(
            new TokenRequestBuilder()
                .withNewSpec()
                .withAudiences(audience)
                .withExpirationSeconds(3600L)
                .endSpec()
                .build())
        .getStatus()
        .getToken();
  }

  static String subject(String sa) {
    return "system:serviceaccount:" + ns + ":" + sa;
  }

  /** A new identity with one credential, created through ARM. */
  static ManagedIdentity federated(String issuer, String subject) throws Exception {
    String name = "mi-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(client.putIdentity("rg-wi", name).status()).isEqualTo(201);
    assertThat(client.putFic("rg-wi", name, "fic-1", issuer, subject, AUD).status()).isEqualTo(201);
    return azure.identity("rg-wi", name).orElseThrow();
  }

  static void awaitPropagation() throws InterruptedException {
    Thread.sleep(PROPAGATION.toMillis() + 100);
  }

  static void assertEntraError(AzureHttp.Reply reply, int status, String error, long code) {
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(status);
    JsonNode body = reply.body();
    assertThat(body.path("error").asText()).isEqualTo(error);
    assertThat(body.path("error_description").asText()).startsWith("AADSTS" + code + ": ");
    assertThat(body.path("error_codes").size()).isEqualTo(1);
    assertThat(body.path("error_codes").get(0).asLong()).isEqualTo(code);
    assertThat(body.path("timestamp").asText()).isNotBlank();
    assertThat(body.path("trace_id").asText()).isNotBlank();
    assertThat(body.path("correlation_id").asText()).isNotBlank();
  }

  @Test
  void serviceAccountTokenIsExchangedOnlyAfterTheCredentialPropagated() throws Exception {
    String assertion = saToken("orders", AUD);
    ManagedIdentity identity = federated(plane.issuerUrl(), subject("orders"));

    AzureHttp.Reply early =
        client.exchange(identity.clientId(), assertion, AzureEmulator.armScope());
    assertEntraError(early, 400, "invalid_request", 70021);

    await()
        .pollInterval(Duration.ofMillis(250))
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                client.exchange(identity.clientId(), assertion, AzureEmulator.armScope()).status()
                    == 200);
    AzureHttp.Reply ok = client.exchange(identity.clientId(), assertion, AzureEmulator.armScope());
    assertThat(ok.body().path("token_type").asText()).isEqualTo("Bearer");
    assertThat(ok.body().path("expires_in").asLong()).isEqualTo(3599);
    assertThat(ok.body().path("ext_expires_in").asLong()).isEqualTo(3599);
    assertThat(azure.tokensIssuedFor(identity)).isGreaterThanOrEqualTo(2);

    // the emulator may fetch the issuer's keys once, then serves them from its cache
    long fetches = azure.issuerKeyFetches();
    client.exchange(identity.clientId(), assertion, AzureEmulator.armScope());
    assertThat(azure.issuerKeyFetches()).isEqualTo(fetches);
  }

  @Test
  void issuedAccessTokenVerifiesAgainstTheEmulatorsPublishedKeys() throws Exception {
    ManagedIdentity matching = federated(plane.issuerUrl(), subject("other"));
    awaitPropagation();
    AzureHttp.Reply ok =
        client.exchange(
            matching.clientId(), saToken("other", AUD), "https://vault.azure.net/.default");
    assertThat(ok.status()).as(ok.body().toString()).isEqualTo(200);

    JsonNode discovery =
        AzureHttp.JSON.readTree(
            client.get(
                azure.authorityHost()
                    + azure.tenantId()
                    + "/v2.0/.well-known/openid-configuration"));
    assertThat(discovery.path("token_endpoint").asText()).isEqualTo(azure.tokenEndpoint());
    JsonWebKeySet keys = new JsonWebKeySet(client.get(discovery.path("jwks_uri").asText()));
    JwtClaims claims =
        new JwtConsumerBuilder()
            .setRequireExpirationTime()
            .setExpectedIssuer(discovery.path("issuer").asText())
            .setExpectedAudience("https://vault.azure.net")
            .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.getJsonWebKeys()))
            .build()
            .processToClaims(ok.body().path("access_token").asText());

    assertThat(claims.getStringClaimValue("oid")).isEqualTo(matching.principalId());
    assertThat(claims.getStringClaimValue("appid")).isEqualTo(matching.clientId());
    assertThat(claims.getStringClaimValue("azp")).isEqualTo(matching.clientId());
    assertThat(claims.getStringClaimValue("tid")).isEqualTo(azure.tenantId());
    assertThat(claims.getStringClaimValue("xms_mirid")).isEqualTo(matching.id());
    assertThat(claims.getSubject()).isEqualTo(matching.principalId());
  }

  @Test
  void tokenOfAnotherServiceAccountHasNoMatchingCredential() throws Exception {
    ManagedIdentity identity = federated(plane.issuerUrl(), subject("orders"));
    awaitPropagation();
    AzureHttp.Reply reply =
        client.exchange(identity.clientId(), saToken("other", AUD), AzureEmulator.armScope());
    assertEntraError(reply, 400, "invalid_request", 70021);
    assertThat(reply.body().path("error_description").asText())
        .contains("Assertion Subject: '" + subject("other") + "'");
  }

  @Test
  void issuerWithATrailingSlashDoesNotMatchTheTokensIssuer() throws Exception {
    assertThat(plane.issuerUrl()).doesNotEndWith("/");
    ManagedIdentity slash = federated(plane.issuerUrl() + "/", subject("orders"));
    awaitPropagation();
    AzureHttp.Reply reply =
        client.exchange(slash.clientId(), saToken("orders", AUD), AzureEmulator.armScope());
    assertEntraError(reply, 400, "invalid_request", 70021);
  }

  @Test
  void tokenForAnotherAudienceHasNoMatchingCredential() throws Exception {
    ManagedIdentity identity = federated(plane.issuerUrl(), subject("orders"));
    awaitPropagation();
    AzureHttp.Reply reply =
        client.exchange(
            identity.clientId(),
            saToken("orders", "https://kubernetes.default.svc"),
            AzureEmulator.armScope());
    assertEntraError(reply, 400, "invalid_request", 70021);
  }

  @Test
  void serviceAccountClaimsSignedByAForeignKeyFailSignatureValidation() throws Exception {
    ManagedIdentity identity = federated(plane.issuerUrl(), subject("orders"));
    awaitPropagation();
    JsonWebStructure real = JsonWebStructure.fromCompactSerialization(saToken("orders", AUD));
    RsaJsonWebKey foreign = TestIssuer.newKey(real.getKeyIdHeaderValue());
    String forged =
        TestIssuer.sign(
            ((org.jose4j.jws.JsonWebSignature) real).getUnverifiedPayload(),
            foreign,
            real.getKeyIdHeaderValue());

    AzureHttp.Reply reply = client.exchange(identity.clientId(), forged, AzureEmulator.armScope());
    assertEntraError(reply, 401, "invalid_client", 700027);
  }

  @Test
  void expiredAssertionIsOutsideItsValidTimeRange() throws Exception {
    ManagedIdentity identity = federated(otherIssuer.url(), "workload");
    awaitPropagation();
    Instant now = Instant.now();
    String expired =
        otherIssuer.token(
            "workload", AUD, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));
    String valid = otherIssuer.token("workload", AUD, now, now.plus(Duration.ofHours(1)));

    assertEntraError(
        client.exchange(identity.clientId(), expired, AzureEmulator.armScope()),
        400,
        "invalid_client",
        700024);
    assertThat(client.exchange(identity.clientId(), valid, AzureEmulator.armScope()).status())
        .isEqualTo(200);
  }

  @Test
  void unknownClientAndUnreachableIssuerAreRefused() throws Exception {
    ManagedIdentity identity = federated(plane.issuerUrl(), subject("orders"));
    String assertion = saToken("orders", AUD);
    assertEntraError(
        client.exchange(UUID.randomUUID().toString(), assertion, AzureEmulator.armScope()),
        400,
        "unauthorized_client",
        700016);

    JwtClaims claims = new JwtClaims();
    claims.setIssuer("https://127.0.0.1:1/unreachable");
    claims.setSubject(subject("orders"));
    claims.setAudience(AUD);
    claims.setExpirationTimeMinutesInTheFuture(30);
    String unreachable = TestIssuer.sign(claims.toJson(), TestIssuer.newKey("k"), "k");
    assertEntraError(
        client.exchange(identity.clientId(), unreachable, AzureEmulator.armScope()),
        400,
        "invalid_request",
        90061);
  }
}
