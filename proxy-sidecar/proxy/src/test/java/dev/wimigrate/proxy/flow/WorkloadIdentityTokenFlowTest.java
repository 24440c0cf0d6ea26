package dev.wimigrate.proxy.flow;

import static dev.wimigrate.proxy.testing.ImdsShape.assertImdsTokenShape;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wimigrate.proxy.testing.WorkloadIdentityTestBed;
import dev.wimigrate.testkit.azure.AzureEmulator;
import dev.wimigrate.testkit.azure.arm.ManagedIdentity;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.time.Instant;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

/**
 * The token flow of a migrated pod, end to end: the proxy presents a service-account token issued
 * by the real kube-apiserver to an Entra token endpoint (the Azure emulator) that validates it
 * against the apiserver's JWKS and the identity's federated credential, and answers the app in
 * IMDS' shape.
 */
@QuarkusTest
@WithTestResource(WorkloadIdentityTestBed.class)
class WorkloadIdentityTokenFlowTest {

  static final String TOKEN_PATH = "/metadata/identity/oauth2/token";
  final ObjectMapper json = new ObjectMapper();

  static Response imdsTokenRequest(String resource, String clientId) {
    var request =
        given()
            .header("Metadata", "true")
            .queryParam("api-version", "2018-02-01")
            .queryParam("resource", resource);
    if (clientId != null) {
      request.queryParam("client_id", clientId);
    }
    return request.get(TOKEN_PATH);
  }

  static String assertion() throws Exception {
    return Files.readString(WorkloadIdentityTestBed.tokenFile()).trim();
  }

  @Test
  void serviceAccountTokenFromTheApiserverIsExchangedForAnImdsShapedEntraToken() throws Exception {
    AzureEmulator azure = WorkloadIdentityTestBed.azure();
    ManagedIdentity identity = WorkloadIdentityTestBed.identity();
    long issuedBefore = azure.tokensIssuedFor(identity);
    long now = Instant.now().getEpochSecond();

    Response response = imdsTokenRequest("https://management.azure.com/", null);

    assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
    JsonNode body = json.readTree(response.asString());
    assertImdsTokenShape(body);
    assertThat(body.get("client_id").asText()).isEqualTo(identity.clientId());
    assertThat(body.get("resource").asText()).isEqualTo("https://management.azure.com/");
    assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(Long.parseLong(body.get("expires_in").asText())).isBetween(3500L, 3599L);
    assertThat(Long.parseLong(body.get("expires_on").asText())).isBetween(now + 3500, now + 3700);
    assertThat(body.get("ext_expires_in").asText()).isEqualTo("3599");
    assertThat(Long.parseLong(body.get("not_before").asText())).isBetween(now - 5, now + 60);
    assertThat(azure.tokensIssuedFor(identity)).isEqualTo(issuedBefore + 1);

    // the token is the emulator's, for this identity and resource, verifiable with its keys
    JwtClaims claims =
        new JwtConsumerBuilder()
            .setRequireExpirationTime()
            .setExpectedIssuer(azure.tokenIssuer())
            .setExpectedAudience("https://management.azure.com/")
            .setVerificationKeyResolver(
                new JwksVerificationKeyResolver(azure.publicKeys().getJsonWebKeys()))
            .build()
            .processToClaims(body.get("access_token").asText());
    assertThat(claims.getStringClaimValue("appid")).isEqualTo(identity.clientId());
    assertThat(claims.getStringClaimValue("xms_mirid")).isEqualTo(identity.id());
    assertThat(claims.getStringClaimValue("tid")).isEqualTo(azure.tenantId());
    assertThat(claims.getStringClaimValue("appidacr")).isEqualTo("2");

    // asked again, the app gets the cached token: no second exchange
    Response again = imdsTokenRequest("https://management.azure.com/", identity.clientId());
    assertThat(again.jsonPath().getString("access_token"))
        .isEqualTo(body.get("access_token").asText());
    assertThat(azure.tokensIssuedFor(identity)).isEqualTo(issuedBefore + 1);

    String log = Files.readString(WorkloadIdentityTestBed.logFile());
    assertThat(log).doesNotContain(body.get("access_token").asText()).doesNotContain(assertion());
  }

  @Test
  void identityFederatedForAnotherSubjectIsRefusedWithEntrasErrorAndNoAssertionLeaks()
      throws Exception {
    ManagedIdentity other = WorkloadIdentityTestBed.otherIdentity();
    String assertion = assertion();
    String signature = assertion.substring(assertion.lastIndexOf('.') + 1);

    Response response = imdsTokenRequest("https://vault.azure.net", other.clientId());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.contentType()).isEqualTo("application/json; charset=utf-8");
    String text = response.asString();
    JsonNode body = json.readTree(text);
    assertThat(body.get("error").asText()).isEqualTo("invalid_request");
    assertThat(body.get("error_description").asText())
        .startsWith("AADSTS70021: No matching federated identity record found")
        .contains(
            "'" + WorkloadIdentityTestBed.subject(WorkloadIdentityTestBed.SERVICE_ACCOUNT) + "'");
    assertThat(body.get("error_codes").get(0).asLong()).isEqualTo(70021L);
    assertThat(text).doesNotContain(assertion).doesNotContain(signature);
    assertThat(WorkloadIdentityTestBed.azure().tokensIssuedFor(other)).isZero();

    String log = Files.readString(WorkloadIdentityTestBed.logFile());
    assertThat(log).contains("AADSTS70021").contains(other.clientId());
    assertThat(log).doesNotContain(assertion).doesNotContain(signature);
  }
}
