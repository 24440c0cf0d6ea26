package dev.wimigrate.testkit.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wimigrate.testkit.azure.arm.IdentityStore;
import dev.wimigrate.testkit.azure.arm.ManagedIdentity;
import dev.wimigrate.testkit.azure.entra.AccessTokens;
import dev.wimigrate.testkit.azure.entra.ClientRegistry;
import dev.wimigrate.testkit.azure.entra.EntraException;
import dev.wimigrate.testkit.azure.entra.IssuerKeys;
import dev.wimigrate.testkit.azure.entra.TokenExchange;
import dev.wimigrate.testkit.azure.rules.EmulatorRules;
import dev.wimigrate.testkit.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

/** Entra's token decisions without HTTP: the issuer's keys come from a map. */
class TokenExchangeRulesTest {

  static final String TENANT = "11111111-1111-1111-1111-111111111111";
  static final String SUB = "22222222-2222-2222-2222-222222222222";
  static final String ISSUER = "https://oidc.example/cluster/";
  static final String SUBJECT = "system:serviceaccount:ns:app";
  static final String AUD = "api://AzureADTokenExchange";
  static final String ARM = "https://management.azure.com/.default";

  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final RsaJsonWebKey issuerKey = TestIssuer.newKey("k1");
  final Map<String, org.jose4j.jwk.JsonWebKey> published = new HashMap<>(Map.of(ISSUER, issuerKey));
  final IssuerKeys keys =
      (issuer, kid) -> {
        if (issuer.startsWith("https://down.example")) {
          throw new EntraException(
              400, "invalid_request", 90061, "Request to External OIDC endpoint failed.");
        }
        org.jose4j.jwk.JsonWebKey key = published.get(issuer);
        return key != null && key.getKeyId().equals(kid) ? key : null;
      };

  EmulatorRules rules =
      EmulatorRules.defaults()
          .withFicWriteHold(Duration.ZERO)
          .withFicPropagationDelay(Duration.ofSeconds(10));
  IdentityStore store;
  ClientRegistry clients = new ClientRegistry();
  AccessTokens tokens;
  TokenExchange exchange;
  ManagedIdentity identity;

  void setUp(EmulatorRules rules) {
    store = new IdentityStore(TENANT, Set.of(SUB), Set.of(), rules, clock);
    tokens =
        new AccessTokens(
            "https://emulator/" + TENANT + "/v2.0", TENANT, clock, Duration.ofSeconds(3599));
    exchange = new TokenExchange(TENANT, store, clients, keys, tokens, rules, clock);
    identity = store.putIdentity(SUB, "rg", "app-mi", "westeurope", Map.of()).resource();
    var write =
        store.putCredential(SUB, "rg", "app-mi", "fic", ISSUER, SUBJECT, List.of(AUD), true);
    store.gate().release(write.lease());
  }

  String assertion(String issuer, String subject, String audience, Instant iat, Duration life)
      throws Exception {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setSubject(subject);
    claims.setAudience(audience);
    claims.setIssuedAt(NumericDate.fromSeconds(iat.getEpochSecond()));
    claims.setNotBefore(NumericDate.fromSeconds(iat.getEpochSecond()));
    claims.setExpirationTime(NumericDate.fromSeconds(iat.plus(life).getEpochSecond()));
    return TestIssuer.sign(claims.toJson(), issuerKey, issuerKey.getKeyId());
  }

  String good() throws Exception {
    return assertion(ISSUER, SUBJECT, AUD, clock.instant(), Duration.ofHours(1));
  }

  Map<String, String> form(String clientId, String assertion) {
    return Map.of(
        "grant_type", "client_credentials",
        "client_id", clientId,
        "scope", ARM,
        "client_assertion_type", TokenExchange.JWT_BEARER,
        "client_assertion", assertion);
  }

  static void refused(ThrowableAssert.ThrowingCallable call, int status, String error, long code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            EntraException.class,
            e -> {
              assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
              assertThat(e.status()).isEqualTo(status);
              assertThat(e.error()).isEqualTo(error);
            });
  }

  @Test
  void propagatedCredentialExchangesTheAssertionForATokenSayingTheIdentity() throws Exception {
    setUp(rules);
    clock.advance(Duration.ofSeconds(10));

    TokenExchange.Issued issued = exchange.exchange(TENANT, form(identity.clientId(), good()));

    assertThat(issued.expiresIn()).isEqualTo(3599);
    assertThat(issued.identityId()).isEqualTo(identity.id());
    JwtClaims claims = tokens.verify(issued.accessToken(), List.of("https://management.azure.com"));
    assertThat(claims.getStringClaimValue("oid")).isEqualTo(identity.principalId());
    assertThat(claims.getStringClaimValue("appid")).isEqualTo(identity.clientId());
    assertThat(claims.getStringClaimValue("azp")).isEqualTo(identity.clientId());
    assertThat(claims.getStringClaimValue("tid")).isEqualTo(TENANT);
    assertThat(claims.getStringClaimValue("xms_mirid")).isEqualTo(identity.id());
    assertThat(claims.getSubject()).isEqualTo(identity.principalId());
  }

  @Test
  void credentialStillPropagatingBehavesAsMissing() throws Exception {
    setUp(rules);
    clock.advance(Duration.ofSeconds(9));
    refused(
        () -> exchange.exchange(TENANT, form(identity.clientId(), good())),
        400,
        "invalid_request",
        70021);
  }

  @Test
  void everyMismatchIs70021ByDefault() throws Exception {
    setUp(rules);
    clock.advance(Duration.ofSeconds(10));
    Instant now = clock.instant();
    Duration hour = Duration.ofHours(1);
    published.put("https://oidc.example/cluster", issuerKey); // same keys without the slash

    for (String assertion :
        List.of(
            assertion(ISSUER, "system:serviceaccount:ns:other", AUD, now, hour),
            assertion(ISSUER, "system:serviceaccount:ns:APP", AUD, now, hour),
            assertion("https://oidc.example/cluster", SUBJECT, AUD, now, hour),
            assertion(ISSUER, SUBJECT, "api://other", now, hour))) {
      refused(
          () -> exchange.exchange(TENANT, form(identity.clientId(), assertion)),
          400,
          "invalid_request",
          70021);
    }
  }

  @Test
  void splitModeNamesWhatDidNotMatch() throws Exception {
    setUp(rules.withNoMatchCodes(EmulatorRules.NoMatchCodes.SPLIT));
    clock.advance(Duration.ofSeconds(10));
    Instant now = clock.instant();
    Duration hour = Duration.ofHours(1);
    published.put("https://oidc.example/cluster", issuerKey);
    String id = identity.clientId();
    String wrongIssuer = assertion("https://oidc.example/cluster", SUBJECT, AUD, now, hour);
    String wrongSubject = assertion(ISSUER, "x", AUD, now, hour);
    String wrongAudience = assertion(ISSUER, SUBJECT, "y", now, hour);

    refused(() -> exchange.exchange(TENANT, form(id, wrongIssuer)), 400, "invalid_request", 700211);
    refused(
        () -> exchange.exchange(TENANT, form(id, wrongSubject)), 400, "invalid_request", 700213);
    refused(
        () -> exchange.exchange(TENANT, form(id, wrongAudience)), 400, "invalid_request", 700212);
  }

  @Test
  void expiredOrNotYetValidAssertionIsOutsideItsValidTimeRange() throws Exception {
    setUp(rules);
    clock.advance(Duration.ofHours(2));
    String id = identity.clientId();
    String expired =
        assertion(
            ISSUER, SUBJECT, AUD, clock.instant().minus(Duration.ofHours(2)), Duration.ofHours(1));
    String future =
        assertion(
            ISSUER, SUBJECT, AUD, clock.instant().plus(Duration.ofHours(1)), Duration.ofHours(1));
    String withinSkew =
        assertion(
            ISSUER,
            SUBJECT,
            AUD,
            clock.instant().minus(Duration.ofMinutes(64)),
            Duration.ofHours(1));

    refused(() -> exchange.exchange(TENANT, form(id, expired)), 400, "invalid_client", 700024);
    refused(() -> exchange.exchange(TENANT, form(id, future)), 400, "invalid_client", 700024);
    assertThat(exchange.exchange(TENANT, form(id, withinSkew)).accessToken()).isNotBlank();
  }

  @Test
  void assertionSignedByAnotherKeyFailsSignatureValidation() throws Exception {
    setUp(rules);
    clock.advance(Duration.ofSeconds(10));
    RsaJsonWebKey foreign = TestIssuer.newKey(issuerKey.getKeyId());
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(ISSUER);
    claims.setSubject(SUBJECT);
    claims.setAudience(AUD);
    claims.setExpirationTimeMinutesInTheFuture(30);
    String sameKid = TestIssuer.sign(claims.toJson(), foreign, issuerKey.getKeyId());
    String unknownKid = TestIssuer.sign(claims.toJson(), foreign, "other-kid");

    refused(
        () -> exchange.exchange(TENANT, form(identity.clientId(), sameKid)),
        401,
        "invalid_client",
        700027);
    refused(
        () -> exchange.exchange(TENANT, form(identity.clientId(), unknownKid)),
        401,
        "invalid_client",
        700027);
    org.jose4j.jws.JsonWebSignature none = new org.jose4j.jws.JsonWebSignature();
    none.setPayload(claims.toJson());
    none.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
    none.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
    String unsigned = none.getCompactSerialization();
    refused(
        () -> exchange.exchange(TENANT, form(identity.clientId(), unsigned)),
        401,
        "invalid_client",
        700027);
  }

  @Test
  void unreachableIssuerDiscoveryIs90061() throws Exception {
    setUp(rules);
    String assertion =
        assertion("https://down.example/x", SUBJECT, AUD, clock.instant(), Duration.ofHours(1));
    refused(
        () -> exchange.exchange(TENANT, form(identity.clientId(), assertion)),
        400,
        "invalid_request",
        90061);
  }

  @Test
  void requestProblemsAnswerEntrasCodes() throws Exception {
    setUp(rules);
    String a = good();
    refused(
        () -> exchange.exchange(TENANT, form("no-such-client", a)),
        400,
        "unauthorized_client",
        700016);
    refused(
        () -> exchange.exchange("other-tenant", form(identity.clientId(), a)),
        400,
        "invalid_request",
        90002);
    Map<String, String> noScope = new HashMap<>(form(identity.clientId(), a));
    noScope.remove("scope");
    refused(() -> exchange.exchange(TENANT, noScope), 400, "invalid_request", 900144);
    Map<String, String> badScope = new HashMap<>(form(identity.clientId(), a));
    badScope.put("scope", "https://management.azure.com/user_impersonation");
    refused(() -> exchange.exchange(TENANT, badScope), 400, "invalid_scope", 1002012);
    refused(
        () -> exchange.exchange(TENANT, form(identity.clientId(), "not.a.jwt")),
        400,
        "invalid_request",
        50027);
    Map<String, String> noCredential = new HashMap<>(form(identity.clientId(), a));
    noCredential.remove("client_assertion");
    refused(() -> exchange.exchange(TENANT, noCredential), 401, "invalid_client", 7000218);
  }

  @Test
  void registeredClientGetsATokenWithItsSecretOnly() throws Exception {
    setUp(rules);
    clients.register("my-app", "s3cret");
    Map<String, String> form =
        new HashMap<>(
            Map.of(
                "grant_type", "client_credentials",
                "client_id", "my-app",
                "scope", ARM,
                "client_secret", "s3cret"));
    TokenExchange.Issued issued = exchange.exchange(TENANT, form);
    assertThat(
            tokens
                .verify(issued.accessToken(), List.of("https://management.azure.com"))
                .getStringClaimValue("appid"))
        .isEqualTo("my-app");
    form.put("client_secret", "wrong");
    refused(() -> exchange.exchange(TENANT, form), 401, "invalid_client", 7000215);
  }

  @Test
  void es256AssertionIsVerifiedToo() throws Exception {
    setUp(rules);
    org.jose4j.jwk.EllipticCurveJsonWebKey ec =
        org.jose4j.jwk.EcJwkGenerator.generateJwk(org.jose4j.keys.EllipticCurves.P256);
    ec.setKeyId("ec1");
    published.put("https://ec.example/issuer", ec);
    ManagedIdentity other =
        store.putIdentity(SUB, "rg", "ec-mi", "westeurope", Map.of()).resource();
    var write =
        store.putCredential(
            SUB, "rg", "ec-mi", "fic", "https://ec.example/issuer", SUBJECT, List.of(AUD), true);
    store.gate().release(write.lease());
    clock.advance(Duration.ofSeconds(10));
    JwtClaims claims = new JwtClaims();
    claims.setIssuer("https://ec.example/issuer");
    claims.setSubject(SUBJECT);
    claims.setAudience(AUD);
    claims.setExpirationTime(NumericDate.fromSeconds(clock.instant().getEpochSecond() + 600));
    org.jose4j.jws.JsonWebSignature jws = new org.jose4j.jws.JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(ec.getPrivateKey());
    jws.setKeyIdHeaderValue("ec1");
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);

    TokenExchange.Issued issued =
        exchange.exchange(TENANT, form(other.clientId(), jws.getCompactSerialization()));

    assertThat(issued.identityId()).isEqualTo(other.id());
  }
}
