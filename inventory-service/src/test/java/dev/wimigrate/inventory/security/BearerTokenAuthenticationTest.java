package dev.wimigrate.inventory.security;

import static dev.wimigrate.inventory.security.EntraEmulatorTestResource.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import dev.wimigrate.testkit.azure.entra.AccessTokens;
import dev.wimigrate.testkit.kafka.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Entra ID access tokens from the emulator's tenant: audience, issuer, expiry, app roles. */
@QuarkusTest
@TestProfile(EntraIdProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
class BearerTokenAuthenticationTest {

  /** The {@code sub} the emulator gives the calling app. */
  static final String CALLER =
      UUID.nameUUIDFromBytes(
              ("client:" + EntraEmulatorTestResource.CLIENT_ID).getBytes(StandardCharsets.UTF_8))
          .toString();

  static Map<String, Object> roles(String... roles) {
    return Map.of("roles", List.of(roles));
  }

  @Test
  void aTokenWithTheReadRoleReads() {
    given()
        .auth()
        .oauth2(token(roles(Roles.READ)))
        .get("/api/v1/fleet/summary")
        .then()
        .statusCode(200);
  }

  @Test
  void aTokenWithTheWriteRoleWritesAsItsSubject() {
    given()
        .auth()
        .oauth2(token(roles(Roles.READ, Roles.WRITE)))
        .post("/api/v1/test-probes/write")
        .then()
        .statusCode(200)
        .body("caller", equalTo(CALLER));
  }

  @Test
  void aReadOnlyTokenMayNotWrite() {
    given()
        .auth()
        .oauth2(token(roles(Roles.READ)))
        .post("/api/v1/test-probes/write")
        .then()
        .statusCode(403)
        .body(
            "error",
            equalTo(
                "this endpoint needs the role migrations.write; '"
                    + CALLER
                    + "' has migrations.read"));
  }

  @Test
  void aValidTokenWithoutAnyRoleIsForbiddenNotUnauthenticated() {
    given()
        .auth()
        .oauth2(token(Map.of()))
        .get("/api/v1/workloads")
        .then()
        .statusCode(403)
        .body(
            "error",
            equalTo("this endpoint needs the role migrations.read; '" + CALLER + "' has no role"));
  }

  @Test
  void aTokenForAnotherApplicationIsRefused() {
    String otherApi =
        EntraEmulatorTestResource.azure()
            .accessToken(
                "api://some-other-app", EntraEmulatorTestResource.CLIENT_ID, roles(Roles.READ));
    given()
        .auth()
        .oauth2(otherApi)
        .get("/api/v1/fleet/summary")
        .then()
        .statusCode(401)
        .body("error", equalTo("the bearer token was issued for another audience than this API"));
  }

  @Test
  void anExpiredTokenIsRefused() {
    long anHourAgo = Instant.now().minus(Duration.ofHours(1)).getEpochSecond();
    String expired =
        token(
            Map.of(
                "roles",
                List.of(Roles.READ),
                "iat",
                anHourAgo - 3600,
                "nbf",
                anHourAgo - 3600,
                "exp",
                anHourAgo));
    given()
        .auth()
        .oauth2(expired)
        .get("/api/v1/fleet/summary")
        .then()
        .statusCode(401)
        .body("error", equalTo("the bearer token has expired"));
  }

  @Test
  void aTokenOfAnotherIssuerIsRefusedEvenWithTheTenantsKey() {
    String foreignIssuer =
        token(
            Map.of(
                "roles",
                List.of(Roles.READ),
                "iss",
                "https://login.microsoftonline.com/another-tenant/v2.0"));
    given()
        .auth()
        .oauth2(foreignIssuer)
        .get("/api/v1/fleet/summary")
        .then()
        .statusCode(401)
        .body(
            "error", equalTo("the bearer token was not issued by the configured Entra ID tenant"));
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefused() {
    AccessTokens impostor =
        new AccessTokens(
            EntraEmulatorTestResource.azure().tokenIssuer(),
            EntraEmulatorTestResource.azure().tenantId(),
            Clock.systemUTC(),
            Duration.ofHours(1));
    String forged =
        impostor.mint(
            EntraEmulatorTestResource.AUDIENCE, CALLER, "x", "1", roles(Roles.READ, Roles.WRITE));
    given()
        .auth()
        .oauth2(forged)
        .get("/api/v1/fleet/summary")
        .then()
        .statusCode(401)
        .body(
            "error",
            equalTo(
                "the bearer token was not accepted (not a token of the configured Entra ID tenant:"
                    + " signature, issuer, audience or expiry)"));
  }

  @Test
  void aTokenWhoseClaimsWereChangedAfterSigningIsRefused() {
    String[] parts = token(roles(Roles.READ)).split("\\.");
    String claims =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace(
                "\"roles\":[\"migrations.read\"]",
                "\"roles\":[\"migrations.read\",\"migrations.write\"]");
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    given()
        .auth()
        .oauth2(tampered)
        .post("/api/v1/test-probes/write")
        .then()
        .statusCode(401)
        .body(
            "error",
            equalTo("the bearer token's signature does not verify with the tenant's keys"));
  }

  @Test
  void withoutCredentialsBothWaysAreOffered() {
    given()
        .get("/api/v1/clusters")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", org.hamcrest.Matchers.notNullValue())
        .body(
            "error",
            equalTo(
                "authentication required: send Authorization: Bearer <Entra ID access token> or"
                    + " X-Api-Key: <key>"));
    List<String> challenges =
        given().get("/api/v1/clusters").then().extract().headers().getValues("WWW-Authenticate");
    org.hamcrest.MatcherAssert.assertThat(
        challenges,
        containsInAnyOrder("Bearer realm=\"wimigrate\"", "ApiKey header=\"X-Api-Key\""));
  }

  @Test
  void apiKeysWorkNextToBearerTokens() {
    given()
        .header(ApiKeyAuthenticationMechanism.HEADER, TestApiKeys.READ_ONLY)
        .get("/api/v1/clusters")
        .then()
        .statusCode(200);
  }
}
