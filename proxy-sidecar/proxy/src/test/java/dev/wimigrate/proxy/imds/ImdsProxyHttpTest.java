package dev.wimigrate.proxy.imds;

import static dev.wimigrate.proxy.testing.ImdsShape.assertImdsTokenShape;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wimigrate.proxy.testing.FakeEntra;
import dev.wimigrate.proxy.testing.FakeImds;
import dev.wimigrate.proxy.testing.ProxyTestResource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(ProxyTestResource.class)
class ImdsProxyHttpTest {

  static final String TOKEN_PATH = "/metadata/identity/oauth2/token";
  static final AtomicInteger RESOURCES = new AtomicInteger();

  @Inject MeterRegistry registry;
  final ObjectMapper json = new ObjectMapper();

  FakeEntra entra() {
    return ProxyTestResource.entra();
  }

  /** A resource no other test asked for, so the proxy's cache starts empty for it. */
  static String freshResource() {
    return "https://app-" + RESOURCES.incrementAndGet() + ".example.com";
  }

  static String currentAssertion() throws Exception {
    return Files.readString(ProxyTestResource.tokenFile()).trim();
  }

  @BeforeEach
  void resetFakes() {
    entra().reset();
    ProxyTestResource.imds().reset();
  }

  Response tokenRequest(Map<String, String> query) {
    return given().header("Metadata", "true").queryParams(query).when().get(TOKEN_PATH);
  }

  @Test
  void tokenResponseHasTheExactImdsShapeWithStringValues() throws Exception {
    String resource = freshResource();

    Response response =
        tokenRequest(
            Map.of("api-version", "2018-02-01", "resource", resource, "client_id", "c-explicit"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("application/json; charset=utf-8");
    String body = response.asString();
    assertThat(body).doesNotContain("\n");
    JsonNode node = json.readTree(body);
    assertImdsTokenShape(node);
    assertThat(node.get("access_token").asText()).startsWith("token-");
    assertThat(node.get("client_id").asText()).isEqualTo("c-explicit");
    assertThat(Long.parseLong(node.get("expires_in").asText())).isBetween(3500L, 3600L);
    long expiresOn = Long.parseLong(node.get("expires_on").asText());
    long notBefore = Long.parseLong(node.get("not_before").asText());
    assertThat(expiresOn - notBefore).isEqualTo(3600L);
    assertThat(node.get("ext_expires_in").asText()).isEqualTo("3600");
    assertThat(node.get("resource").asText()).isEqualTo(resource);
    assertThat(node.get("token_type").asText()).isEqualTo("Bearer");

    assertThat(entra().received()).hasSize(1);
    FakeEntra.Received received = entra().received().get(0);
    assertThat(received.path()).isEqualTo("/" + ProxyTestResource.TENANT + "/oauth2/v2.0/token");
    assertThat(received.form())
        .containsEntry("grant_type", "client_credentials")
        .containsEntry("client_id", "c-explicit")
        .containsEntry("scope", resource + "/.default")
        .containsEntry(
            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        .containsEntry("client_assertion", currentAssertion());
  }

  @Test
  void requestWithoutMetadataHeaderIsRejectedLikeImds() {
    given()
        .queryParam("resource", freshResource())
        .when()
        .get(TOKEN_PATH)
        .then()
        .statusCode(400)
        .contentType("application/json");

    String body = given().queryParam("resource", "r").get(TOKEN_PATH).asString();
    assertThat(body)
        .isEqualTo(
            "{\"error\":\"invalid_request\",\"error_description\":\"Required metadata header not"
                + " specified\"}");
    assertThat(entra().received()).isEmpty();
  }

  @Test
  void missingResourceIsRejectedLikeImds() {
    Response response = given().header("Metadata", "true").get(TOKEN_PATH);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.jsonPath().getString("error_description"))
        .isEqualTo("Required query variable 'resource' is missing");
  }

  @Test
  void firstPathSegmentIsCaseInsensitiveAndThePathIsAPrefix() {
    String resource = freshResource();

    given()
        .header("Metadata", "true")
        .queryParam("resource", resource)
        .get("/Metadata/identity/oauth2/token/")
        .then()
        .statusCode(200);

    assertThat(entra().received()).hasSize(1);
  }

  @Test
  void defaultClientIdComesFromAzureClientId() {
    tokenRequest(Map.of("resource", freshResource())).then().statusCode(200);

    assertThat(entra().received().get(0).form())
        .containsEntry("client_id", ProxyTestResource.DEFAULT_CLIENT);
  }

  @Test
  void objectIdIsResolvedThroughTheMigrationMapping() throws Exception {
    Response response =
        tokenRequest(Map.of("resource", freshResource(), "object_id", ProxyTestResource.OBJECT_ID));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.jsonPath().getString("client_id"))
        .isEqualTo(ProxyTestResource.MAPPED_CLIENT);
    assertThat(entra().received().get(0).form())
        .containsEntry("client_id", ProxyTestResource.MAPPED_CLIENT);
  }

  @Test
  void msiResIdIsResolvedThroughTheMigrationMapping() {
    Response response =
        tokenRequest(
            Map.of("resource", freshResource(), "msi_res_id", ProxyTestResource.RESOURCE_ID));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.jsonPath().getString("client_id"))
        .isEqualTo(ProxyTestResource.MAPPED_CLIENT);
  }

  @Test
  void unknownMiResIdIsAPrecise400() {
    Response response = tokenRequest(Map.of("resource", freshResource(), "mi_res_id", "/x/y"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.jsonPath().getString("error")).isEqualTo("invalid_request");
    assertThat(response.jsonPath().getString("error_description"))
        .isEqualTo(
            "Identity not found: mi_res_id '/x/y' is not in the identity mapping of this pod's"
                + " migration");
    assertThat(entra().received()).isEmpty();
  }

  @Test
  void entraErrorIsPassedOnWithoutTheAssertion() throws Exception {
    String assertion = currentAssertion();
    entra()
        .respondWith(
            r ->
                FakeEntra.aadstsError(
                    400,
                    "invalid_request",
                    70021,
                    "No matching federated identity record found for presented assertion "
                        + r.form().get("client_assertion")));

    Response response = tokenRequest(Map.of("resource", freshResource()));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.contentType()).isEqualTo("application/json; charset=utf-8");
    String body = response.asString();
    assertThat(body).doesNotContain(assertion);
    JsonNode node = json.readTree(body);
    assertThat(node.get("error").asText()).isEqualTo("invalid_request");
    assertThat(node.get("error_description").asText())
        .isEqualTo(
            "AADSTS70021: No matching federated identity record found for presented assertion"
                + " [assertion redacted]");
    assertThat(node.get("error_codes").get(0).asLong()).isEqualTo(70021L);
  }

  @Test
  void secondRequestForTheSameTokenIsServedFromTheCache() {
    String resource = freshResource();

    String first = tokenRequest(Map.of("resource", resource)).jsonPath().getString("access_token");
    String second = tokenRequest(Map.of("resource", resource)).jsonPath().getString("access_token");

    assertThat(second).isEqualTo(first);
    assertThat(entra().received()).hasSize(1);
  }

  @Test
  void rotatedTokenFileIsReadAgain() throws Exception {
    String before = currentAssertion();
    try {
      ProxyTestResource.writeToken(
          "eyJhbGciOiJSUzI1NiJ9.cm90YXRlZA.cm90YXRlZC1zaWduYXR1cmUtcm90YXRlZA");
      tokenRequest(Map.of("resource", freshResource())).then().statusCode(200);

      assertThat(entra().received().get(0).form().get("client_assertion"))
          .isEqualTo("eyJhbGciOiJSUzI1NiJ9.cm90YXRlZA.cm90YXRlZC1zaWduYXR1cmUtcm90YXRlZA");
    } finally {
      ProxyTestResource.writeToken(before);
    }
  }

  @Test
  void concurrentRequestsForOneTokenDoOneExchange() throws Exception {
    String resource = freshResource();
    Counter misses = registry.find(ProxyMetrics.CACHE).tag("result", "miss").counter();
    double missesBefore = misses == null ? 0 : misses.count();
    CountDownLatch release = entra().holdAnswers();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    List<CompletableFuture<Response>> responses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      responses.add(
          CompletableFuture.supplyAsync(() -> tokenRequest(Map.of("resource", resource)), clients));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                registry.find(ProxyMetrics.CACHE).tag("result", "miss").counter().count()
                    >= missesBefore + 4);
    release.countDown();

    List<String> tokens = new ArrayList<>();
    for (CompletableFuture<Response> response : responses) {
      Response r = response.get(10, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      tokens.add(r.jsonPath().getString("access_token"));
    }
    clients.shutdown();
    assertThat(tokens).hasSize(4).containsOnly(tokens.get(0));
    assertThat(entra().received()).hasSize(1);
  }

  @Test
  void requestWithForwardedForHeaderIsRejectedLikeImds() {
    Response response =
        given()
            .header("Metadata", "true")
            .header("X-Forwarded-For", "10.0.0.1")
            .queryParam("resource", freshResource())
            .get(TOKEN_PATH);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.jsonPath().getString("error_description"))
        .isEqualTo("Requests with an X-Forwarded-For header are not accepted");
    assertThat(entra().received()).isEmpty();
  }

  @Test
  void otherMethodsThanGetAreNotAllowedOnTheTokenPath() {
    given()
        .header("Metadata", "true")
        .queryParam("resource", "r")
        .post(TOKEN_PATH)
        .then()
        .statusCode(405)
        .header("Allow", "GET");
  }

  @Test
  void otherMetadataPathsAreForwardedToTheRealImds() {
    Response response =
        given()
            .header("Metadata", "true")
            .header("X-Custom", "kept")
            .queryParam("api-version", "2021-02-01")
            .queryParam("format", "json")
            .get("/metadata/instance/compute");

    assertThat(response.statusCode()).isEqualTo(203);
    assertThat(response.asString()).isEqualTo(FakeImds.BODY);
    assertThat(response.header("X-Imds-Fake")).isEqualTo("yes");
    FakeImds.Received received = ProxyTestResource.imds().received().get(0);
    assertThat(received.method()).isEqualTo("GET");
    assertThat(received.pathAndQuery())
        .isEqualTo("/metadata/instance/compute?api-version=2021-02-01&format=json");
    assertThat(received.headers().get("Metadata")).containsExactly("true");
    assertThat(received.headers().get("X-custom")).containsExactly("kept");
  }

  @Test
  void forwardedRequestKeepsMethodAndBody() {
    given()
        .header("Metadata", "true")
        .body("{\"a\":1}")
        .post("/metadata/scheduledevents?api-version=2020-07-01")
        .then()
        .statusCode(203);

    FakeImds.Received received = ProxyTestResource.imds().received().get(0);
    assertThat(received.method()).isEqualTo("POST");
    assertThat(received.body()).isEqualTo("{\"a\":1}");
  }

  @Test
  void pathsOutsideMetadataAreNotForwarded() {
    given().get("/something/else").then().statusCode(404);

    assertThat(ProxyTestResource.imds().received()).isEmpty();
  }

  @Test
  void readyzAnswersOk() {
    given().get("/readyz").then().statusCode(200).body(org.hamcrest.Matchers.equalTo("ok"));
  }

  @Test
  void healthAndMetricsShareTheImdsPort() {
    tokenRequest(Map.of("resource", freshResource())).then().statusCode(200);
    given().get(TOKEN_PATH).then().statusCode(400);

    given().get("/q/health/ready").then().statusCode(200);
    String metrics = given().get("/q/metrics").asString();
    assertThat(metrics)
        .contains(
            "wimigrate_proxy_requests_total{path=\"/metadata/identity/oauth2/token\","
                + "result=\"served\",status=\"200\"}")
        .contains(
            "wimigrate_proxy_requests_total{path=\"/metadata/identity/oauth2/token\","
                + "result=\"rejected\",status=\"400\"}")
        .contains("wimigrate_proxy_exchange_seconds_count{outcome=\"success\"}")
        .contains("wimigrate_proxy_token_cache_total{result=\"miss\"}");
  }

  @Test
  void entraRefusalsAreCountedApartFromTheProxysOwnRejections() {
    entra()
        .respondWith(
            r -> FakeEntra.aadstsError(401, "invalid_client", 700027, "signature invalid"));
    double refusedBefore = requestCount("entra_refused", "401");
    double rejectedBefore = requestCount("rejected", "400");

    tokenRequest(Map.of("resource", freshResource())).then().statusCode(401);
    given().queryParam("resource", freshResource()).get(TOKEN_PATH).then().statusCode(400);

    assertThat(requestCount("entra_refused", "401")).isEqualTo(refusedBefore + 1);
    assertThat(requestCount("rejected", "400")).isEqualTo(rejectedBefore + 1);
    assertThat(registry.find(ProxyMetrics.EXCHANGE).tag("outcome", "rejected").timer().count())
        .isGreaterThanOrEqualTo(1);
  }

  double requestCount(String result, String status) {
    Counter counter =
        registry
            .find(ProxyMetrics.REQUESTS)
            .tag("path", ProxyMetrics.PATH_TOKEN)
            .tag("result", result)
            .tag("status", status)
            .counter();
    return counter == null ? 0 : counter.count();
  }
}
