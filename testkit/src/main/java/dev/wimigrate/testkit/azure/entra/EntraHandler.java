package dev.wimigrate.testkit.azure.entra;

import com.sun.net.httpserver.HttpExchange;
import dev.wimigrate.testkit.azure.http.CallStats;
import dev.wimigrate.testkit.azure.http.HttpIo;
import dev.wimigrate.testkit.azure.http.Operation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Entra over HTTP: the v2.0 token endpoint, the tenant's OIDC discovery and keys, and MSAL's
 * instance discovery. Never logs or echoes assertions, secrets or tokens.
 */
public final class EntraHandler {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private final String authorityHost;
  private final String tenantId;
  private final TokenExchange exchange;
  private final AccessTokens tokens;
  private final CallStats stats;
  private final Clock clock;

  /**
   * @param authorityHost the emulator's authority host with a trailing slash
   */
  public EntraHandler(
      String authorityHost,
      String tenantId,
      TokenExchange exchange,
      AccessTokens tokens,
      CallStats stats,
      Clock clock) {
    this.authorityHost = authorityHost;
    this.tenantId = tenantId;
    this.exchange = exchange;
    this.tokens = tokens;
    this.stats = stats;
    this.clock = clock;
  }

  /** The {@code iss} of the emulator's tokens for a tenant. */
  public static String issuer(String authorityHost, String tenantId) {
    return authorityHost + tenantId + "/v2.0";
  }

  public void handle(HttpExchange http) throws IOException {
    String path = HttpIo.rawPath(http);
    String[] s = path.replaceAll("^/+", "").split("/");
    String method = http.getRequestMethod().toUpperCase(Locale.ROOT);
    String correlation = http.getRequestHeaders().getFirst("client-request-id");
    if (correlation == null || correlation.isBlank()) {
      correlation = UUID.randomUUID().toString();
    }
    http.getResponseHeaders().set("client-request-id", correlation);
    http.getResponseHeaders().set("x-ms-request-id", UUID.randomUUID().toString());
    http.getResponseHeaders().set("Cache-Control", "no-store, no-cache");
    try {
      if (s.length == 4 && s[1].equals("oauth2") && s[2].equals("v2.0") && s[3].equals("token")) {
        requirePost(method);
        stats.count(Operation.TOKEN);
        token(http, s[0]);
      } else if (s.length == 4
          && s[1].equals("v2.0")
          && s[2].equals(".well-known")
          && s[3].equals("openid-configuration")) {
        stats.count(Operation.OPENID_CONFIGURATION);
        requireTenant(s[0]);
        HttpIo.sendJson(http, 200, openIdConfiguration());
      } else if (s.length == 4
          && s[1].equals("discovery")
          && s[2].equals("v2.0")
          && s[3].equals("keys")) {
        stats.count(Operation.JWKS);
        requireTenant(s[0]);
        http.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        HttpIo.send(http, 200, tokens.jwksJson().getBytes(StandardCharsets.UTF_8));
      } else if (s.length == 3
          && s[0].equals("common")
          && s[1].equals("discovery")
          && s[2].equals("instance")) {
        stats.count(Operation.INSTANCE_DISCOVERY);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
            "tenant_discovery_endpoint",
            authorityHost + tenantId + "/v2.0/.well-known/openid-configuration");
        body.put("api-version", "1.1");
        body.put("metadata", List.of());
        HttpIo.sendJson(http, 200, body);
      } else {
        HttpIo.sendJson(
            http,
            404,
            errorBody(
                new EntraException(
                    404,
                    "invalid_request",
                    90010,
                    "The request is not supported by the emulator: " + method + " " + path + "."),
                correlation));
      }
    } catch (EntraException e) {
      HttpIo.sendJson(http, e.status(), errorBody(e, correlation));
    }
  }

  private void token(HttpExchange http, String tenant) throws IOException {
    String body = new String(HttpIo.body(http), StandardCharsets.UTF_8);
    TokenExchange.Issued issued = exchange.exchange(tenant, HttpIo.decodeForm(body));
    stats.tokenIssued(issued.clientId(), issued.identityId());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("token_type", "Bearer");
    answer.put("expires_in", issued.expiresIn());
    answer.put("ext_expires_in", issued.expiresIn());
    answer.put("access_token", issued.accessToken());
    http.getResponseHeaders().set("Pragma", "no-cache");
    HttpIo.sendJson(http, 200, answer);
  }

  private Map<String, Object> openIdConfiguration() {
    String base = authorityHost + tenantId;
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("token_endpoint", base + "/oauth2/v2.0/token");
    doc.put(
        "token_endpoint_auth_methods_supported",
        List.of("client_secret_post", "private_key_jwt", "client_secret_basic"));
    doc.put("jwks_uri", base + "/discovery/v2.0/keys");
    doc.put("response_modes_supported", List.of("query", "fragment", "form_post"));
    doc.put("subject_types_supported", List.of("pairwise"));
    doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
    doc.put(
        "response_types_supported", List.of("code", "id_token", "code id_token", "id_token token"));
    doc.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
    doc.put("issuer", tokens.issuer());
    doc.put("authorization_endpoint", base + "/oauth2/v2.0/authorize");
    doc.put("tenant_region_scope", null);
    doc.put("cloud_instance_name", "wimigrate.emulator");
    return doc;
  }

  private void requireTenant(String tenant) {
    if (!tenantId.equalsIgnoreCase(tenant)) {
      throw new EntraException(
          400,
          "invalid_tenant",
          90002,
          "Tenant '"
              + tenant
              + "' not found. Check to make sure you have the correct tenant ID and are signing"
              + " into the correct cloud.");
    }
  }

  private static void requirePost(String method) {
    if (!"POST".equals(method)) {
      throw new EntraException(
          405,
          "invalid_request",
          900561,
          "The endpoint only accepts POST requests. Received a " + method + " request.");
    }
  }

  private Map<String, Object> errorBody(EntraException e, String correlation) {
    String trace = UUID.randomUUID().toString();
    String timestamp = TIMESTAMP.format(clock.instant());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", e.error());
    body.put(
        "error_description",
        "AADSTS"
            + e.code()
            + ": "
            + e.description()
            + "\r\nTrace ID: "
            + trace
            + "\r\nCorrelation ID: "
            + correlation
            + "\r\nTimestamp: "
            + timestamp);
    body.put("error_codes", List.of(e.code()));
    body.put("timestamp", timestamp);
    body.put("trace_id", trace);
    body.put("correlation_id", correlation);
    body.put("error_uri", authorityHost + "error?code=" + e.code());
    return body;
  }
}
