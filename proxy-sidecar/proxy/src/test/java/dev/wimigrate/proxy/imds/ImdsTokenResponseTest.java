package dev.wimigrate.proxy.imds;

import static dev.wimigrate.proxy.testing.ImdsShape.assertImdsTokenShape;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wimigrate.proxy.token.AccessToken;
import dev.wimigrate.proxy.token.TokenRequest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImdsTokenResponseTest {

  final ObjectMapper json = new ObjectMapper();
  final Instant issued = Instant.parse("2026-01-01T00:00:00Z");
  final AccessToken token =
      new AccessToken("secret-token", "Bearer", issued, issued.plusSeconds(3600), 7200);
  final TokenRequest request =
      new TokenRequest(
          "client", "tenant", "https://vault.azure.net/.default", "https://vault.azure.net");

  @Test
  void responseHasTheImdsFieldsInImdsOrderAllAsStrings() throws Exception {
    String body =
        json.writeValueAsString(ImdsTokenResponse.of(token, request, issued.plusSeconds(600)));

    JsonNode node = json.readTree(body);
    assertImdsTokenShape(node);
    assertThat(body).doesNotContain("\n");
    assertThat(node.get("access_token").asText()).isEqualTo("secret-token");
    assertThat(node.get("client_id").asText()).isEqualTo("client");
    assertThat(node.get("expires_in").asText()).isEqualTo("3000");
    assertThat(node.get("expires_on").asText()).isEqualTo("1767229200");
    assertThat(node.get("ext_expires_in").asText()).isEqualTo("7200");
    assertThat(node.get("not_before").asText()).isEqualTo("1767225600");
    assertThat(node.get("resource").asText()).isEqualTo("https://vault.azure.net");
    assertThat(node.get("token_type").asText()).isEqualTo("Bearer");
  }

  @Test
  void expiresInNeverGoesNegative() {
    assertThat(ImdsTokenResponse.of(token, request, issued.plusSeconds(4000)).expiresIn())
        .isEqualTo("0");
  }

  @Test
  void toStringDoesNotShowTheToken() {
    assertThat(ImdsTokenResponse.of(token, request, issued).toString()).doesNotContain("secret");
    assertThat(token.toString()).doesNotContain("secret");
  }

  @Test
  void errorBodyIsImdsStyleAndOmitsEmptyErrorCodes() throws Exception {
    assertThat(json.writeValueAsString(ImdsError.invalidRequest("Identity not found")))
        .isEqualTo("{\"error\":\"invalid_request\",\"error_description\":\"Identity not found\"}");
    assertThat(
            json.writeValueAsString(
                new ImdsError(401, "invalid_client", "AADSTS70021: x", List.of(70021L))))
        .isEqualTo(
            "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS70021: x\","
                + "\"error_codes\":[70021]}");
  }
}
