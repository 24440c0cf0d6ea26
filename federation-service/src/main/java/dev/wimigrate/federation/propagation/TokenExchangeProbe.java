package dev.wimigrate.federation.propagation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wimigrate.events.common.ServiceAccountRef;
import dev.wimigrate.federation.credentials.FederatedCredential;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Probes propagation the way the workload will use the credential: a fresh token for the workload's
 * service account, exchanged at Entra's token endpoint for an ARM token. The token and Entra's
 * answer stay in this class: neither is logged nor returned.
 */
public final class TokenExchangeProbe implements PropagationProbe {

  /** Entra's "no matching federated identity record" family: a mismatch or not propagated yet. */
  static final Set<String> NO_MATCH_CODES = Set.of("70021", "700211", "700212", "700213");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServiceAccountTokens tokens;
  private final HttpClient http;
  private final URI tokenEndpoint;

  public TokenExchangeProbe(
      ServiceAccountTokens tokens, HttpClient http, String authorityHost, String tenantId) {
    this.tokens = tokens;
    this.http = http;
    String host = authorityHost.endsWith("/") ? authorityHost : authorityHost + "/";
    this.tokenEndpoint = URI.create(host + tenantId + "/oauth2/v2.0/token");
  }

  @Override
  public ProbeResult probe(
      String clusterId,
      ServiceAccountRef serviceAccount,
      String identityClientId,
      FederatedCredential credential) {
    Optional<String> token = tokens.issue(clusterId, serviceAccount, credential.audiences().get(0));
    if (token.isEmpty()) {
      return new ProbeResult.Unavailable(
          "no service-account token for " + serviceAccount.subject() + " in " + clusterId);
    }
    HttpResponse<String> response;
    try {
      response = http.send(exchange(identityClientId, token.get()), BodyHandlers.UTF8);
    } catch (IOException e) {
      return new ProbeResult.Unavailable("Entra token endpoint unreachable: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ProbeResult.Unavailable("interrupted");
    }
    if (response.statusCode() == 200) {
      return new ProbeResult.Matched();
    }
    List<String> codes = errorCodes(response.body());
    String code = codes.isEmpty() ? "HTTP" + response.statusCode() : "AADSTS" + codes.get(0);
    if (codes.stream().anyMatch(NO_MATCH_CODES::contains)) {
      Claims claims = Claims.of(token.get());
      Optional<String> mismatch =
          ClaimsMismatch.explain(claims.issuer(), claims.subject(), claims.audiences(), credential);
      return mismatch
          .<ProbeResult>map(reason -> new ProbeResult.Refused(code, reason))
          .orElseGet(() -> new ProbeResult.NotYetMatched(code));
    }
    return new ProbeResult.Refused(
        code, "Entra refused the exchange (" + code + ", HTTP " + response.statusCode() + ")");
  }

  private HttpRequest exchange(String clientId, String assertion) {
    Map<String, String> form =
        Map.of(
            "grant_type", "client_credentials",
            "client_id", clientId,
            "scope", "https://management.azure.com/.default",
            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion", assertion);
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return HttpRequest.newBuilder(tokenEndpoint)
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** Entra's numeric error codes ({@code error_codes}, else parsed from the description). */
  static List<String> errorCodes(String body) {
    List<String> codes = new ArrayList<>();
    try {
      JsonNode error = JSON.readTree(body);
      error.path("error_codes").forEach(c -> codes.add(c.asText()));
      if (codes.isEmpty()) {
        String description = error.path("error_description").asText("");
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("AADSTS(\\d+)").matcher(description);
        if (m.find()) {
          codes.add(m.group(1));
        }
      }
    } catch (IOException notJson) {
      // no codes: the caller reports the HTTP status
    }
    return codes;
  }

  /** The claims of a JWT that matter for matching, read without verifying it (Entra does). */
  record Claims(String issuer, String subject, List<String> audiences) {
    static Claims of(String jwt) {
      String[] parts = jwt.split("\\.");
      try {
        JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        List<String> audiences = new ArrayList<>();
        JsonNode aud = payload.path("aud");
        if (aud.isArray()) {
          aud.forEach(a -> audiences.add(a.asText()));
        } else if (aud.isTextual()) {
          audiences.add(aud.asText());
        }
        return new Claims(
            payload.path("iss").asText(null), payload.path("sub").asText(null), audiences);
      } catch (IOException | RuntimeException e) {
        return new Claims(null, null, List.of());
      }
    }
  }

  private static final class BodyHandlers {
    static final HttpResponse.BodyHandler<String> UTF8 =
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8);
  }
}
