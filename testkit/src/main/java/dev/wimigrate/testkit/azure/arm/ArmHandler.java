package dev.wimigrate.testkit.azure.arm;

import static dev.wimigrate.testkit.azure.arm.ArmIo.error;
import static dev.wimigrate.testkit.azure.arm.ArmIo.is;
import static dev.wimigrate.testkit.azure.arm.ArmIo.methodNotAllowed;
import static dev.wimigrate.testkit.azure.arm.ArmIo.page;
import static dev.wimigrate.testkit.azure.arm.ArmIo.readJson;
import static dev.wimigrate.testkit.azure.arm.ArmIo.requireMethod;
import static dev.wimigrate.testkit.azure.arm.ArmIo.segments;
import static dev.wimigrate.testkit.azure.arm.ArmIo.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.wimigrate.testkit.azure.entra.AccessTokens;
import dev.wimigrate.testkit.azure.http.CallStats;
import dev.wimigrate.testkit.azure.http.HttpIo;
import dev.wimigrate.testkit.azure.http.Operation;
import dev.wimigrate.testkit.azure.rules.ArmException;
import dev.wimigrate.testkit.azure.rules.ArmThrottle;
import dev.wimigrate.testkit.azure.rules.ArmThrottling;
import dev.wimigrate.testkit.azure.rules.EmulatorRules;
import dev.wimigrate.testkit.azure.rules.FaultInjection;
import dev.wimigrate.testkit.azure.rules.FaultInjector;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * ARM over HTTP for Microsoft.ManagedIdentity: routing, auth, JSON shapes. Rules live elsewhere.
 */
public final class ArmHandler {

  private static final String PROVIDER = "microsoft.managedidentity";
  private static final String IDENTITIES = "userassignedidentities";
  private static final String FICS = "federatedidentitycredentials";

  private final String tenantId;
  private final IdentityStore store;
  private final AccessTokens tokens;
  private final Set<String> audiences;
  private final Supplier<EmulatorRules> rules;
  private final CallStats stats;
  private final ArmThrottle throttle;
  private final FaultInjector faults;
  private final AuthorizationRoutes authorization;
  private final ContainerServiceRoutes containerService;

  /**
   * @param baseUrl the emulator's ARM URL (for the polling URLs of long-running operations)
   */
  public ArmHandler(
      String baseUrl,
      String tenantId,
      IdentityStore store,
      RoleAssignmentStore roleAssignments,
      ManagedClusterStore clusters,
      AccessTokens tokens,
      Set<String> audiences,
      Supplier<EmulatorRules> rules,
      CallStats stats,
      ArmThrottle throttle,
      FaultInjector faults) {
    this.tenantId = tenantId;
    this.store = store;
    this.tokens = tokens;
    this.audiences = Set.copyOf(audiences);
    this.rules = rules;
    this.stats = stats;
    this.throttle = throttle;
    this.faults = faults;
    this.authorization = new AuthorizationRoutes(roleAssignments);
    this.containerService = new ContainerServiceRoutes(baseUrl, clusters, rules);
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
    List<String> s = segments(HttpIo.rawPath(exchange));
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    Classified call = classify(s, method);
    stats.count(call.operation());
    try {
      FaultInjection.Kind fault = faults.next(method);
      if (fault != null && injectFault(exchange, fault)) {
        return;
      }
      String principal = authenticate(exchange);
      throttle(exchange, s, method, call, principal);
      route(exchange, s, method, principal);
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
      if (e.retryAfterSeconds() >= 0) {
        exchange.getResponseHeaders().set("Retry-After", Long.toString(e.retryAfterSeconds()));
      }
      if (e.failureCause() != null) {
        exchange.getResponseHeaders().set("x-ms-failure-cause", e.failureCause());
      }
      HttpIo.sendJson(exchange, e.status(), error(e.code(), e.getMessage()));
    } finally {
      HttpIo.forget(exchange);
      int status = exchange.getResponseCode();
      stats.answered(call.operation(), status < 0 ? CallStats.NO_ANSWER : status);
    }
  }

  /** Applies a fault; true when the request is over (answered or dropped). */
  private boolean injectFault(HttpExchange exchange, FaultInjection.Kind fault) throws IOException {
    switch (fault) {
      case INTERNAL_ERROR:
        HttpIo.sendJson(
            exchange,
            500,
            error(
                "InternalServerError",
                "Encountered internal server error. Diagnostic information: timestamp '"
                    + java.time.Instant.now()
                    + "'."));
        return true;
      case SERVICE_UNAVAILABLE:
        exchange.getResponseHeaders().set("Retry-After", "1");
        HttpIo.sendJson(
            exchange,
            503,
            error(
                "ServiceUnavailable",
                "The service is temporarily unavailable. Please try again later."));
        return true;
      case GATEWAY_TIMEOUT:
        HttpIo.sendJson(
            exchange,
            504,
            error(
                "GatewayTimeout",
                "The gateway did not receive a response from 'Microsoft.ManagedIdentity' within"
                    + " the specified time period."));
        return true;
      case DROP_CONNECTION:
        HttpIo.dropConnection(exchange);
        return true;
      case DROP_AFTER_COMMIT:
        HttpIo.dropAnswer(exchange);
        return false;
      default: // SLOW
        try {
          Thread.sleep(rules.get().faults().slowDelay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return false;
    }
  }

  private void throttle(
      HttpExchange exchange, List<String> s, String method, Classified call, String principal) {
    String subscription = is(s, 0, "subscriptions") && s.size() > 1 ? s.get(1) : null;
    ArmThrottle.Remaining remaining =
        throttle.take(
            new ArmThrottle.Request(
                subscription,
                tenantId,
                principal,
                ArmThrottling.OperationKind.of(method),
                call.providerOperation(),
                call.resourceKey()));
    if (remaining == null) {
      return;
    }
    String kind = remaining.kind().plural();
    if (remaining.tenantScope()) {
      exchange
          .getResponseHeaders()
          .set("x-ms-ratelimit-remaining-tenant-" + kind, Long.toString(remaining.caller()));
    } else {
      exchange
          .getResponseHeaders()
          .set("x-ms-ratelimit-remaining-subscription-" + kind, Long.toString(remaining.caller()));
      exchange
          .getResponseHeaders()
          .set(
              "x-ms-ratelimit-remaining-subscription-global-" + kind,
              Long.toString(remaining.global()));
    }
  }

  /** The operation a request is for (from its path and method alone) and how the RP counts it. */
  record Classified(
      Operation operation, ArmThrottle.ProviderOperation providerOperation, String resourceKey) {}

  static Classified classify(List<String> s, String method) {
    int msi = ArmIo.providerIndex(s, PROVIDER);
    if (msi >= 0 && is(s, msi + 2, IDENTITIES)) {
      int n = s.size() - msi;
      String identityKey = n >= 4 ? ArmIo.join(s, 0, msi + 4) : null;
      if (n == 3) {
        return new Classified(
            msi == 2
                ? Operation.IDENTITY_LIST_BY_SUBSCRIPTION
                : Operation.IDENTITY_LIST_BY_RESOURCE_GROUP,
            ArmThrottle.ProviderOperation.LIST,
            null);
      }
      if (n == 4) {
        switch (method) {
          case "PUT":
            return new Classified(
                Operation.IDENTITY_PUT,
                ArmThrottle.ProviderOperation.CREATE_OR_UPDATE,
                identityKey);
          case "PATCH":
            return new Classified(
                Operation.IDENTITY_PATCH,
                ArmThrottle.ProviderOperation.CREATE_OR_UPDATE,
                identityKey);
          case "DELETE":
            return new Classified(
                Operation.IDENTITY_DELETE, ArmThrottle.ProviderOperation.DELETE, identityKey);
          default:
            return new Classified(
                Operation.IDENTITY_GET, ArmThrottle.ProviderOperation.GET, identityKey);
        }
      }
      if (n == 5 && is(s, msi + 4, FICS)) {
        return new Classified(Operation.FIC_LIST, ArmThrottle.ProviderOperation.LIST, identityKey);
      }
      if (n == 6 && is(s, msi + 4, FICS)) {
        switch (method) {
          case "PUT":
            return new Classified(
                Operation.FIC_PUT, ArmThrottle.ProviderOperation.CREATE_OR_UPDATE, identityKey);
          case "DELETE":
            return new Classified(
                Operation.FIC_DELETE, ArmThrottle.ProviderOperation.DELETE, identityKey);
          default:
            return new Classified(
                Operation.FIC_GET, ArmThrottle.ProviderOperation.GET, identityKey);
        }
      }
    }
    Operation other = AuthorizationRoutes.classify(s, method);
    if (other == null) {
      other = ContainerServiceRoutes.classify(s, method);
    }
    return new Classified(other == null ? Operation.ARM_OTHER : other, null, null);
  }

  private String authenticate(HttpExchange exchange) {
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
      JwtClaims claims = tokens.verify(header.substring(7).trim(), audiences);
      Object oid = claims.getClaimValue("oid");
      return oid == null ? "unknown" : oid.toString();
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

  private void route(HttpExchange exchange, List<String> s, String method, String principal)
      throws IOException {
    if (ArmIo.providerIndex(s, AuthorizationRoutes.NAMESPACE) >= 0) {
      authorization.handle(exchange, s, method, principal);
      return;
    }
    if (ArmIo.providerIndex(s, ContainerServiceRoutes.NAMESPACE) >= 0) {
      containerService.handle(exchange, s, method);
      return;
    }
    // /subscriptions/{sub}/providers/Microsoft.ManagedIdentity/userAssignedIdentities
    if (s.size() == 5
        && is(s, 0, "subscriptions")
        && is(s, 2, "providers")
        && is(s, 3, PROVIDER)
        && is(s, 4, IDENTITIES)) {
      requireMethod(method, "GET");
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
      throw ArmIo.notEmulated(HttpIo.rawPath(exchange));
    }
    String sub = s.get(1);
    String rg = s.get(3);
    if (s.size() == 7) {
      requireMethod(method, "GET");
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
      throw ArmIo.notEmulated(HttpIo.rawPath(exchange));
    }
    if (s.size() == 9) {
      requireMethod(method, "GET");
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
        String version = apiVersion(exchange);
        JsonNode body = readJson(exchange);
        IdentityStore.Upsert<ManagedIdentity> result =
            store.putIdentity(sub, rg, name, text(body, "location"), tags(body));
        HttpIo.sendJson(exchange, result.created() ? 201 : 200, json(result.resource(), version));
      }
      case "PATCH" -> {
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
        String version = apiVersion(exchange);
        HttpIo.sendJson(exchange, 200, json(store.getIdentity(sub, rg, name), version));
      }
      case "DELETE" -> {
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
        apiVersion(exchange);
        HttpIo.sendJson(exchange, 200, json(store.getCredential(sub, rg, identity, fic)));
      }
      case "DELETE" -> {
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
    return ArmIo.apiVersion(exchange, rules.get().apiVersions());
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
}
