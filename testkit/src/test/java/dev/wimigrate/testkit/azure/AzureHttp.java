package dev.wimigrate.testkit.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** A plain JDK HTTP client speaking to the emulator the way Azure clients do. */
final class AzureHttp {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String MI_API = "2024-11-30";

  final AzureEmulator azure;
  final HttpClient http;
  String token;

  AzureHttp(AzureEmulator azure) {
    this.azure = azure;
    this.http =
        HttpClient.newBuilder()
            .sslContext(azure.sslContext())
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.token = azure.armAccessToken();
  }

  record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    String errorCode() {
      return body.path("error").path("code").asText();
    }

    String errorMessage() {
      return body.path("error").path("message").asText();
    }
  }

  String identityPath(String rg, String name) {
    return "/subscriptions/"
        + azure.subscriptionId()
        + "/resourceGroups/"
        + rg
        + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
        + name;
  }

  String ficPath(String rg, String identity, String fic) {
    return identityPath(rg, identity) + "/federatedIdentityCredentials/" + fic;
  }

  Reply arm(String method, String path, String body) throws Exception {
    return arm(method, path, MI_API, body);
  }

  Reply arm(String method, String path, String apiVersion, String body) throws Exception {
    String url = azure.armUrl() + path + (apiVersion == null ? "" : "?api-version=" + apiVersion);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return reply(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
  }

  Reply putIdentity(String rg, String name) throws Exception {
    return arm("PUT", identityPath(rg, name), "{\"location\":\"westeurope\",\"tags\":{}}");
  }

  Reply putFic(String rg, String identity, String fic, String issuer, String subject, String aud)
      throws Exception {
    String body =
        JSON.writeValueAsString(
            Map.of(
                "properties",
                Map.of("issuer", issuer, "subject", subject, "audiences", java.util.List.of(aud))));
    return arm("PUT", ficPath(rg, identity, fic), body);
  }

  Reply token(Map<String, String> form) throws Exception {
    return token(azure.tenantId(), form);
  }

  Reply token(String tenant, Map<String, String> form) throws Exception {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(azure.authorityHost() + tenant + "/oauth2/v2.0/token"))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .build();
    return reply(http.send(request, HttpResponse.BodyHandlers.ofString()));
  }

  Reply exchange(String clientId, String assertion, String scope) throws Exception {
    return token(
        Map.of(
            "grant_type", "client_credentials",
            "client_id", clientId,
            "scope", scope,
            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion", assertion));
  }

  String get(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static Reply reply(HttpResponse<String> response) throws Exception {
    String body = response.body();
    return new Reply(
        response.statusCode(),
        body == null || body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body),
        response);
  }
}
