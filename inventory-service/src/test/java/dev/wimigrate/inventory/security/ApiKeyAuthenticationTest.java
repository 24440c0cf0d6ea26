package dev.wimigrate.inventory.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.wimigrate.testkit.kafka.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** API keys on the REST API with OIDC off, as in the tests' and demo's default set-up. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class ApiKeyAuthenticationTest {

  static final String KEY = ApiKeyAuthenticationMechanism.HEADER;

  @ParameterizedTest
  @ValueSource(strings = {"/api/v1/workloads", "/api/v1/fleet/summary", "/api/v1/clusters"})
  void everyReadEndpointNeedsCredentials(String path) {
    given()
        .get(path)
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "ApiKey header=\"X-Api-Key\"")
        .body("status", equalTo(401))
        .body("error", equalTo("authentication required: send X-Api-Key: <key>"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/v1/workloads", "/api/v1/fleet/summary", "/api/v1/clusters"})
  void aReadOnlyKeyReadsEveryReadEndpoint(String path) {
    given().header(KEY, TestApiKeys.READ_ONLY).get(path).then().statusCode(200);
  }

  @Test
  void anUnknownKeyIsRefusedWithoutEchoingIt() {
    given()
        .header(KEY, "not-a-configured-key")
        .get("/api/v1/fleet/summary")
        .then()
        .statusCode(401)
        .body("error", equalTo("X-Api-Key is not a known key"));
  }

  @Test
  void aReadOnlyKeyMayNotWrite() {
    given()
        .header(KEY, TestApiKeys.READ_ONLY)
        .post("/api/v1/test-probes/write")
        .then()
        .statusCode(403)
        .body("status", equalTo(403))
        .body(
            "error",
            equalTo("this endpoint needs the role migrations.write; 'reader' has migrations.read"));
  }

  @Test
  void aReadWriteKeyWritesAsItsName() {
    given()
        .header(KEY, TestApiKeys.READ_WRITE)
        .post("/api/v1/test-probes/write")
        .then()
        .statusCode(200)
        .body("caller", equalTo("tests"));
  }

  @Test
  void anEndpointWithoutRolesIsStillClosedToAnonymousCallers() {
    given().get("/api/v1/test-probes/unannotated").then().statusCode(401);
    given()
        .header(KEY, TestApiKeys.READ_ONLY)
        .get("/api/v1/test-probes/unannotated")
        .then()
        .statusCode(200)
        .body("caller", equalTo("reader"));
  }

  @Test
  void aBearerTokenIsRefusedSayingOidcIsOff() {
    given()
        .auth()
        .oauth2("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")
        .get("/api/v1/fleet/summary")
        .then()
        .statusCode(401)
        .body(
            "error",
            equalTo(
                "authentication required: send X-Api-Key: <key> (bearer tokens are not accepted:"
                    + " OIDC is not enabled on this service)"));
  }

  @Test
  void healthMetricsAndOpenApiStayOpen() {
    given().get("/q/health/live").then().statusCode(200);
    given().get("/q/metrics").then().statusCode(200);
    given()
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .body("paths.keySet()", hasItem("/api/v1/workloads"));
  }
}
