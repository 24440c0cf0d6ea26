package dev.wimigrate.testkit.azure.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.wimigrate.testkit.azure.entra.AccessTokens;
import dev.wimigrate.testkit.azure.http.CallStats;
import dev.wimigrate.testkit.azure.http.HttpIo;
import dev.wimigrate.testkit.azure.http.Operation;
import dev.wimigrate.testkit.azure.rules.ArmException;
import dev.wimigrate.testkit.azure.rules.EmulatorRules;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * ARM over HTTP for Microsoft.ManagedIdentity: routing, auth, JSON shapes. Rules live elsewhere.
 */
public final class ArmHandler {

  private static final String PROVIDER = "microsoft.managedidentity";
  private static final String IDENTITIES = "userassignedidentities";
  private static final String FICS = "federatedidentitycredentials";

  private final IdentityStore store;
  private final AccessTokens tokens;
  private final Set<String> audiences;
  private final EmulatorRules rules;
  private final CallStats stats;

  public ArmHandler(
      IdentityStore store,
      AccessTokens tokens,
      Set<String> audiences,
      EmulatorRules rules,
      CallStats stats) {
    this.store = store;
    this.tokens = tokens;
    this.audiences = Set.copyOf(audiences);
    this.rules = rules;
    this.stats = stats;
  }

  /** Whether a request path belongs to ARM. */
  public static boolean handles(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    return p.startsWith("/subscriptions/") || p.startsWith("/providers/");
  }

  public void handle(HttpExchange exchange) throws IOException {
    String correlation = exchange.getRequestHeaders().getFirst("x-ms-correlation-request-id");
    String requestId = UUID.randomUUID().toString();
    exchange.getResponseHeaders().set("x-ms-request-id", requestId);
    exchange
        .getResponseHeaders()
        .set(
            "x-ms-correlation-request-id",
            correlation != null && !correlation.isBlank()
                ? correlation
                : UUID.randomUUID().toString());
    exchange
        .getResponseHeaders()
        .set("x-ms-routing-request-id", "LOCAL:" + System.currentTimeMillis() + ":" + requestId);
    try {
      authenticate(exchange);
      route(exchange);
    } catch (ArmException e) {
      if (e.status() == 401) {
        exchange
            .getResponseHeaders()
            .set(
                "WWW-Authenticate",
                "Bearer authorization_uri=\"https://login.windows.net/\", error=\"invalid_token\","
                    + " error_description=\"The authentication failed because of missing"
                    + " 'Authorization' header or invalid token.\"");
      }
      HttpIo.sendJson(exchange, e.status(), error(e.code(), e.getMessage()));
    }
  }

  private void authenticate(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || header.isBlank()) {
      throw new ArmException(
          401,
          "AuthenticationFailed",
          "Authentication failed. The 'Authorization' header is missing.");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new ArmException(
          401,
          "AuthenticationFailed",
          "Authentication failed. The 'Authorization' header is provided in an invalid format.");
    }
    try {
      tokens.verify(header.substring(7).trim(), audiences);
    } catch (InvalidJwtException e) {
      if (e.hasExpired()) {
        throw new ArmException(
            401,
            "ExpiredAuthenticationToken",
            "The access token expiry UTC time is earlier than current UTC time.");
      }
      throw new ArmException(401, "InvalidAuthenticationToken", "The access token is invalid.");
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    List<String> s = segments(exchange.getRequestURI().getRawPath());
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    // /subscriptions/{sub}/providers/Microsoft.ManagedIdentity/userAssignedIdentities
    if (s.size() == 5
        && is(s, 0, "subscriptions")
        && is(s, 2, "providers")
        && is(s, 3, PROVIDER)
        && is(s, 4, IDENTITIES)) {
      requireMethod(method, "GET");
      stats.count(Operation.IDENTITY_LIST_BY_SUBSCRIPTION);
      String version = apiVersion(exchange);
      HttpIo.sendJson(
          exchange,
          200,
          page(store.listIdentities(s.get(1)).stream().map(i -> json(i, version)).toList()));
      return;
    }
    if (s.size() < 7
        || !is(s, 0, "subscriptions")
        || !is(s, 2, "resourcegroups")
        || !is(s, 4, "providers")
        || !is(s, 5, PROVIDER)
        || !is(s, 6, IDENTITIES)) {
      throw new ArmException(
          404,
          "InvalidResourceType",
          "The resource type is not emulated: " + exchange.getRequestURI().getRawPath());
    }
    String sub = s.get(1);
    String rg = s.get(3);
    if (s.size() == 7) {
      requireMethod(method, "GET");
      stats.count(Operation.IDENTITY_LIST_BY_RESOURCE_GROUP);
      String version = apiVersion(exchange);
      HttpIo.sendJson(
          exchange,
          200,
          page(store.listIdentities(sub, rg).stream().map(i -> json(i, version)).toList()));
      return;
    }
    String name = s.get(7);
    if (s.size() == 8) {
      identity(exchange, method, sub, rg, name);
      return;
    }
    if (!is(s, 8, FICS) || s.size() > 10) {
      throw new ArmException(
          404,
          "InvalidResourceType",
          "The resource type is not emulated: " + exchange.getRequestURI().getRawPath());
    }
    if (s.size() == 9) {
      requireMethod(method, "GET");
      stats.count(Operation.FIC_LIST);
      apiVersion(exchange);
      HttpIo.sendJson(
          exchange,
          200,
          page(store.listCredentials(sub, rg, name).stream().map(ArmHandler::json).toList()));
      return;
    }
    credential(exchange, method, sub, rg, name, s.get(9));
  }

  private void identity(HttpExchange exchange, String method, String sub, String rg, String name)
      throws IOException {
    switch (method) {
      case "PUT" -> {
        stats.count(Operation.IDENTITY_PUT);
        String version = apiVersion(exchange);
        JsonNode body = readJson(exchange);
        IdentityStore.Upsert<ManagedIdentity> result =
            store.putIdentity(sub, rg, name, text(body, "location"), tags(body));
        HttpIo.sendJson(exchange, result.created() ? 201 : 200, json(result.resource(), version));
      }
      case "PATCH" -> {
        stats.count(Operation.IDENTITY_PATCH);
        String version = apiVersion(exchange);
        JsonNode body = readJson(exchange);
        ManagedIdentity current = store.getIdentity(sub, rg, name);
        Map<String, String> tags = body.has("tags") ? tags(body) : current.tags();
        HttpIo.sendJson(
            exchange,
            200,
            json(store.putIdentity(sub, rg, name, current.location(), tags).resource(), version));
      }
      case "GET" -> {
        stats.count(Operation.IDENTITY_GET);
        String version = apiVersion(exchange);
        HttpIo.sendJson(exchange, 200, json(store.getIdentity(sub, rg, name), version));
      }
      case "DELETE" -> {
        stats.count(Operation.IDENTITY_DELETE);
        apiVersion(exchange);
        HttpIo.sendJson(exchange, store.deleteIdentity(sub, rg, name) ? 200 : 204, null);
      }
      default -> throw methodNotAllowed(method);
    }
  }

  private void credential(
      HttpExchange exchange, String method, String sub, String rg, String identity, String fic)
      throws IOException {
    switch (method) {
      case "PUT" -> {
        stats.count(Operation.FIC_PUT);
        apiVersion(exchange);
        JsonNode body = readJson(exchange);
        JsonNode props = body.path("properties");
        boolean present = props.isObject() && props.size() > 0;
        List<String> audiences = null;
        if (props.path("audiences").isArray()) {
          audiences = new ArrayList<>();
          for (JsonNode a : props.path("audiences")) {
            audiences.add(a.asText());
          }
        }
        IdentityStore.Write<IdentityStore.Upsert<FederatedCredential>> write =
            store.putCredential(
                sub,
                rg,
                identity,
                fic,
                text(props, "issuer"),
                text(props, "subject"),
                audiences,
                present);
        finishWrite(write);
        HttpIo.sendJson(
            exchange, write.result().created() ? 201 : 200, json(write.result().resource()));
      }
      case "GET" -> {
        stats.count(Operation.FIC_GET);
        apiVersion(exchange);
        HttpIo.sendJson(exchange, 200, json(store.getCredential(sub, rg, identity, fic)));
      }
      case "DELETE" -> {
        stats.count(Operation.FIC_DELETE);
        apiVersion(exchange);
        IdentityStore.Write<Boolean> write = store.deleteCredential(sub, rg, identity, fic);
        finishWrite(write);
        HttpIo.sendJson(exchange, write.result() ? 200 : 204, null);
      }
      default -> throw methodNotAllowed(method);
    }
  }

  /** A FIC write takes the gate's hold time before it answers, then frees the identity. */
  private void finishWrite(IdentityStore.Write<?> write) {
    Duration hold = store.gate().hold();
    try {
      if (!hold.isZero()) {
        Thread.sleep(hold.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      store.gate().release(write.lease());
    }
  }

  private String apiVersion(HttpExchange exchange) {
    String version = HttpIo.query(exchange).get("api-version");
    if (version == null || version.isBlank()) {
      throw new ArmException(
          400,
          "MissingApiVersionParameter",
          "The api-version query parameter (?api-version=) is required for all requests.");
    }
    if (!rules.apiVersions().contains(version)) {
      throw new ArmException(
          400,
          "InvalidApiVersionParameter",
          "The api-version '"
              + version
              + "' is invalid. The supported versions are '"
              + String.join(",", new TreeSet<>(rules.apiVersions()))
              + "'.");
    }
    return version;
  }

  private static JsonNode readJson(HttpExchange exchange) throws IOException {
    byte[] bytes = HttpIo.body(exchange);
    if (bytes.length == 0) {
      return HttpIo.JSON.createObjectNode();
    }
    JsonNode node;
    try {
      node = HttpIo.JSON.readTree(bytes);
    } catch (IOException e) {
      node = null;
    }
    if (node == null || !node.isObject()) {
      throw new ArmException(
          400,
          "InvalidRequestContent",
          "The request content was invalid and could not be deserialized.");
    }
    return node;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Map<String, String> tags(JsonNode body) {
    Map<String, String> tags = new LinkedHashMap<>();
    body.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
    return tags;
  }

  static Map<String, Object> json(ManagedIdentity identity, String apiVersion) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("tenantId", identity.tenantId());
    properties.put("principalId", identity.principalId());
    properties.put("clientId", identity.clientId());
    if (apiVersion.compareTo("2024-11-30") >= 0) {
      properties.put("isolationScope", "None");
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", identity.id());
    json.put("name", identity.name());
    json.put("type", ManagedIdentity.TYPE);
    json.put("location", identity.location());
    json.put("tags", identity.tags());
    json.put("properties", properties);
    return json;
  }

  static Map<String, Object> json(FederatedCredential credential) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("issuer", credential.issuer());
    properties.put("subject", credential.subject());
    properties.put("audiences", credential.audiences());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", credential.id());
    json.put("name", credential.name());
    json.put("type", FederatedCredential.TYPE);
    json.put("properties", properties);
    return json;
  }

  private static Map<String, Object> page(List<?> values) {
    return Map.of("value", values);
  }

  static Map<String, Object> error(String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    return Map.of("error", error);
  }

  private static void requireMethod(String method, String expected) {
    if (!expected.equals(method)) {
      throw methodNotAllowed(method);
    }
  }

  private static ArmException methodNotAllowed(String method) {
    return new ArmException(
        405,
        "HttpMethodNotAllowed",
        "The HTTP method '" + method + "' is not supported for this resource.");
  }

  private static boolean is(List<String> segments, int index, String expected) {
    return segments.get(index).equalsIgnoreCase(expected);
  }

  private static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String part : rawPath.split("/")) {
      if (!part.isEmpty()) {
        segments.add(
            java.net.URLDecoder.decode(
                part.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return segments;
  }
}
