package dev.wimigrate.proxy.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Client-credentials grant against {@code <authority>/<tenant>/oauth2/v2.0/token} with the
 * projected service-account token as JWT client assertion.
 */
public final class EntraTokenExchanger implements TokenExchanger {

  public static final String ASSERTION_TYPE =
      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final String REDACTED = "[assertion redacted]";

  private final HttpClient http;
  private final URI authorityHost;
  private final FederatedTokenFile tokenFile;
  private final Clock clock;
  private final Duration timeout;
  private final ObjectMapper json;

  /**
   * @param authorityHost e.g. {@code https://login.microsoftonline.com/} (trailing slash)
   */
  public EntraTokenExchanger(
      HttpClient http,
      URI authorityHost,
      FederatedTokenFile tokenFile,
      Clock clock,
      Duration timeout,
      ObjectMapper json) {
    this.http = http;
    this.authorityHost = authorityHost;
    this.tokenFile = tokenFile;
    this.clock = clock;
    this.timeout = timeout;
    this.json = json;
  }

  /** The token endpoint for a tenant. */
  public URI tokenEndpoint(String tenantId) {
    String base = authorityHost.toString();
    if (!base.endsWith("/")) {
      base = base + "/";
    }
    return URI.create(
        base + URLEncoder.encode(tenantId, StandardCharsets.UTF_8) + "/oauth2/v2.0/token");
  }

  @Override
  public AccessToken exchange(TokenRequest request) {
    String assertion = tokenFile.read();
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("client_id", request.clientId());
    form.put("scope", request.scope());
    form.put("client_assertion_type", ASSERTION_TYPE);
    form.put("client_assertion", assertion);
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest httpRequest =
        HttpRequest.newBuilder(tokenEndpoint(request.tenantId()))
            .timeout(timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .header("User-Agent", "wimigrate-imds-proxy")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(httpRequest, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new TokenExchangeException(
          503,
          "temporarily_unavailable",
          "the Entra token endpoint "
              + httpRequest.uri()
              + " could not be reached ("
              + e.getClass().getSimpleName()
              + ")",
          List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenExchangeException(
          503, "temporarily_unavailable", "interrupted while calling Entra", List.of());
    }
    Instant received = clock.instant();
    JsonNode node = parse(response.body());
    if (response.statusCode() == 200 && node != null && node.hasNonNull("access_token")) {
      long expiresIn = number(node.get("expires_in"), 0);
      if (expiresIn <= 0) {
        throw new TokenExchangeException(
            502, "server_error", "Entra returned a token without a valid expires_in", List.of());
      }
      return new AccessToken(
          node.get("access_token").asText(),
          node.hasNonNull("token_type") ? node.get("token_type").asText() : "Bearer",
          received,
          received.plusSeconds(expiresIn),
          number(node.get("ext_expires_in"), expiresIn));
    }
    int status = response.statusCode() == 200 ? 502 : response.statusCode();
    if (node == null || !node.hasNonNull("error")) {
      throw new TokenExchangeException(
          status,
          "server_error",
          "Entra answered HTTP " + response.statusCode() + " without an OAuth2 error",
          List.of());
    }
    List<Long> codes = new ArrayList<>();
    JsonNode codeNode = node.get("error_codes");
    if (codeNode != null && codeNode.isArray()) {
      codeNode.forEach(c -> codes.add(c.asLong()));
    }
    String description =
        node.hasNonNull("error_description") ? node.get("error_description").asText() : "";
    throw new TokenExchangeException(
        status,
        redact(node.get("error").asText(), assertion),
        redact(description, assertion),
        codes);
  }

  private JsonNode parse(String body) {
    try {
      JsonNode node = json.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static long number(JsonNode node, long fallback) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (node.isNumber()) {
      return node.asLong();
    }
    try {
      return Long.parseLong(node.asText().trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** Entra should never echo the assertion, but make sure nothing of it reaches a client. */
  static String redact(String text, String assertion) {
    if (text == null || assertion.isEmpty()) {
      return text;
    }
    String out = text.replace(assertion, REDACTED);
    // a JWT's signature part alone is also secret material
    int lastDot = assertion.lastIndexOf('.');
    if (lastDot >= 0 && assertion.length() - lastDot > 16) {
      out = out.replace(assertion.substring(lastDot + 1), REDACTED);
    }
    return out;
  }
}
