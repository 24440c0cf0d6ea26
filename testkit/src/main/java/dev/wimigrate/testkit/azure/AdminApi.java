package dev.wimigrate.testkit.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.wimigrate.testkit.azure.arm.AsyncOperation;
import dev.wimigrate.testkit.azure.arm.FederatedCredential;
import dev.wimigrate.testkit.azure.arm.ManagedIdentity;
import dev.wimigrate.testkit.azure.arm.RoleAssignment;
import dev.wimigrate.testkit.azure.http.HttpIo;
import dev.wimigrate.testkit.azure.rules.ArmThrottling;
import dev.wimigrate.testkit.azure.rules.EmulatorRules;
import dev.wimigrate.testkit.azure.rules.FaultInjection;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The emulator's admin and introspection API over HTTP, for tests in other processes and for
 * people: {@code /_admin/state}, {@code /_admin/calls}, {@code /_admin/rules}, {@code
 * /_admin/reset}, {@code /_admin/faults/next}, {@code /_admin/operations/complete}, {@code
 * /_admin/clusters/{rg}/{name}/issuer}. Unauthenticated (the emulator listens on loopback only);
 * never counted, throttled or failed. Shows no secrets or tokens.
 */
final class AdminApi {

  static final String PREFIX = "/_admin/";

  private final AzureEmulator azure;

  AdminApi(AzureEmulator azure) {
    this.azure = azure;
  }

  void handle(HttpExchange http) throws IOException {
    String path = HttpIo.rawPath(http).substring(PREFIX.length());
    String method = http.getRequestMethod().toUpperCase(Locale.ROOT);
    try {
      if (path.equals("state") && method.equals("GET")) {
        HttpIo.sendJson(http, 200, state());
      } else if (path.equals("calls") && method.equals("GET")) {
        HttpIo.sendJson(http, 200, calls());
      } else if (path.equals("rules") && method.equals("GET")) {
        HttpIo.sendJson(http, 200, rulesJson(azure.rules()));
      } else if (path.equals("rules") && (method.equals("PATCH") || method.equals("POST"))) {
        JsonNode body = body(http);
        HttpIo.sendJson(http, 200, rulesJson(azure.updateRules(r -> apply(r, body))));
      } else if (path.equals("reset") && method.equals("POST")) {
        azure.reset();
        HttpIo.sendJson(http, 204, null);
      } else if (path.equals("faults/next") && method.equals("POST")) {
        List<FaultInjection.Kind> kinds = new ArrayList<>();
        body(http).path("kinds").forEach(k -> kinds.add(FaultInjection.Kind.valueOf(k.asText())));
        azure.failNextArmCalls(kinds.toArray(FaultInjection.Kind[]::new));
        HttpIo.sendJson(http, 204, null);
      } else if (path.equals("operations/complete") && method.equals("POST")) {
        azure.completeOperations();
        HttpIo.sendJson(http, 204, null);
      } else if (path.startsWith("clusters/")
          && path.endsWith("/issuer")
          && (method.equals("PUT") || method.equals("POST"))) {
        String[] parts = path.split("/");
        if (parts.length != 4) {
          throw new IllegalArgumentException("expected /_admin/clusters/{rg}/{name}/issuer");
        }
        String url = body(http).path("issuerURL").asText(null);
        if (url == null || url.isBlank()) {
          throw new IllegalArgumentException("issuerURL is required");
        }
        azure.clusterIssuerUrl(parts[1], parts[2], url);
        HttpIo.sendJson(http, 204, null);
      } else {
        HttpIo.sendJson(
            http, 404, Map.of("error", Map.of("code", "NotFound", "message", "no admin route")));
      }
    } catch (IllegalArgumentException e) {
      HttpIo.sendJson(
          http, 400, Map.of("error", Map.of("code", "BadRequest", "message", e.getMessage())));
    }
  }

  private static JsonNode body(HttpExchange http) throws IOException {
    byte[] bytes = HttpIo.body(http);
    if (bytes.length == 0) {
      return HttpIo.JSON.createObjectNode();
    }
    try {
      return HttpIo.JSON.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not JSON");
    }
  }

  private Map<String, Object> state() {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("tenantId", azure.tenantId());
    state.put("subscriptionId", azure.subscriptionId());
    List<Object> identities = new ArrayList<>();
    for (ManagedIdentity i : azure.identities()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", i.id());
      json.put("name", i.name());
      json.put("location", i.location());
      json.put("clientId", i.clientId());
      json.put("principalId", i.principalId());
      List<Object> fics = new ArrayList<>();
      for (FederatedCredential c : azure.federatedCredentials(i)) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", c.name());
        f.put("issuer", c.issuer());
        f.put("subject", c.subject());
        f.put("audiences", c.audiences());
        f.put("effectiveFrom", c.effectiveFrom().toString());
        fics.add(f);
      }
      json.put("federatedIdentityCredentials", fics);
      identities.add(json);
    }
    state.put("identities", identities);
    List<Object> assignments = new ArrayList<>();
    for (RoleAssignment a : azure.roleAssignments()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", a.id());
      json.put("scope", a.scope());
      json.put("roleDefinitionId", a.roleDefinitionId());
      json.put("principalId", a.principalId());
      json.put("principalType", a.principalType());
      assignments.add(json);
    }
    state.put("roleAssignments", assignments);
    state.put("managedClusters", azure.managedClusters());
    List<Object> operations = new ArrayList<>();
    for (AsyncOperation op : azure.operations()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", op.id());
      json.put("kind", op.kind());
      json.put("resourceId", op.resourceId());
      json.put("status", op.status());
      operations.add(json);
    }
    state.put("operations", operations);
    return state;
  }

  private Map<String, Object> calls() {
    Map<String, Object> calls = new LinkedHashMap<>();
    calls.put("calls", azure.callCounts());
    calls.put("statuses", azure.callStatuses());
    calls.put("throttled", azure.throttledCalls());
    calls.put("faultsInjected", azure.faultsInjected());
    calls.put("rejectedConcurrentFicWrites", azure.rejectedConcurrentWrites());
    calls.put("tokensIssuedPerIdentity", azure.tokensIssuedPerIdentity());
    return calls;
  }

  static Map<String, Object> rulesJson(EmulatorRules r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ficLimit", r.ficLimit());
    json.put("ficWriteHold", r.ficWriteHold().toString());
    json.put("ficPropagationDelay", r.ficPropagationDelay().toString());
    json.put("clockSkew", r.clockSkew().toString());
    json.put("noMatchCodes", r.noMatchCodes().name());
    json.put("apiVersions", r.apiVersions());
    json.put("principalReplicationDelay", r.principalReplicationDelay().toString());
    ArmThrottling t = r.throttling();
    Map<String, Object> throttling = new LinkedHashMap<>();
    throttling.put("enabled", t.enabled());
    throttling.put("reads", bucket(t.reads()));
    throttling.put("writes", bucket(t.writes()));
    throttling.put("deletes", bucket(t.deletes()));
    throttling.put("globalMultiplier", t.globalMultiplier());
    ArmThrottling.ProviderLimits rp = t.managedIdentityProvider();
    Map<String, Object> provider = new LinkedHashMap<>();
    provider.put("enabled", rp.enabled());
    provider.put("createOrUpdate", rate(rp.createOrUpdate()));
    provider.put("get", rate(rp.get()));
    provider.put("list", rate(rp.list()));
    provider.put("delete", rate(rp.delete()));
    throttling.put("managedIdentityProvider", provider);
    json.put("throttling", throttling);
    FaultInjection f = r.faults();
    Map<String, Object> faults = new LinkedHashMap<>();
    faults.put("rate", f.rate());
    faults.put("seed", f.seed());
    faults.put("kinds", f.kinds().stream().map(Enum::name).sorted().toList());
    faults.put("slowDelay", f.slowDelay().toString());
    faults.put("methods", f.methods());
    json.put("faults", faults);
    json.put(
        "operations",
        Map.of(
            "pollsUntilDone", r.operations().pollsUntilDone(),
            "retryAfterSeconds", r.operations().retryAfterSeconds()));
    return json;
  }

  private static Map<String, Object> bucket(ArmThrottling.Bucket b) {
    return Map.of("capacity", b.capacity(), "refillPerSecond", b.refillPerSecond());
  }

  private static Map<String, Object> rate(ArmThrottling.Rate r) {
    return Map.of(
        "perTenant", r.perTenant(),
        "perSubscription", r.perSubscription(),
        "perResource", r.perResource());
  }

  /** Applies the fields present in {@code body} (same shape as {@code GET /_admin/rules}). */
  static EmulatorRules apply(EmulatorRules r, JsonNode body) {
    if (!body.isObject()) {
      throw new IllegalArgumentException("rules must be a JSON object");
    }
    if (body.has("ficLimit")) {
      r = r.withFicLimit(body.get("ficLimit").asInt());
    }
    if (body.has("ficWriteHold")) {
      r = r.withFicWriteHold(duration(body.get("ficWriteHold")));
    }
    if (body.has("ficPropagationDelay")) {
      r = r.withFicPropagationDelay(duration(body.get("ficPropagationDelay")));
    }
    if (body.has("clockSkew")) {
      r = r.withClockSkew(duration(body.get("clockSkew")));
    }
    if (body.has("noMatchCodes")) {
      r = r.withNoMatchCodes(EmulatorRules.NoMatchCodes.valueOf(body.get("noMatchCodes").asText()));
    }
    if (body.has("principalReplicationDelay")) {
      r = r.withPrincipalReplicationDelay(duration(body.get("principalReplicationDelay")));
    }
    JsonNode t = body.path("throttling");
    if (t.isObject()) {
      ArmThrottling th = r.throttling();
      if (t.has("enabled")) {
        th = th.withEnabled(t.get("enabled").asBoolean());
      }
      if (t.has("reads")) {
        th = th.withReads(bucket(t.get("reads"), th.reads()));
      }
      if (t.has("writes")) {
        th = th.withWrites(bucket(t.get("writes"), th.writes()));
      }
      if (t.has("deletes")) {
        th = th.withDeletes(bucket(t.get("deletes"), th.deletes()));
      }
      if (t.has("globalMultiplier")) {
        th = th.withGlobalMultiplier(t.get("globalMultiplier").asInt());
      }
      if (t.path("managedIdentityProvider").has("enabled")) {
        th =
            th.withManagedIdentityProvider(
                th.managedIdentityProvider()
                    .withEnabled(t.path("managedIdentityProvider").get("enabled").asBoolean()));
      }
      r = r.withThrottling(th);
    }
    JsonNode f = body.path("faults");
    if (f.isObject()) {
      FaultInjection cur = r.faults();
      Set<FaultInjection.Kind> kinds = new LinkedHashSet<>(cur.kinds());
      if (f.has("kinds")) {
        kinds.clear();
        f.get("kinds").forEach(k -> kinds.add(FaultInjection.Kind.valueOf(k.asText())));
      }
      Set<String> methods = new LinkedHashSet<>(cur.methods());
      if (f.has("methods")) {
        methods.clear();
        f.get("methods").forEach(m -> methods.add(m.asText()));
      }
      r =
          r.withFaults(
              new FaultInjection(
                  f.has("rate") ? f.get("rate").asDouble() : cur.rate(),
                  f.has("seed") ? f.get("seed").asLong() : cur.seed(),
                  kinds,
                  f.has("slowDelay") ? duration(f.get("slowDelay")) : cur.slowDelay(),
                  methods));
    }
    JsonNode o = body.path("operations");
    if (o.isObject()) {
      r =
          r.withOperations(
              new EmulatorRules.LongRunningOperations(
                  o.path("pollsUntilDone").asInt(r.operations().pollsUntilDone()),
                  o.path("retryAfterSeconds").asInt(r.operations().retryAfterSeconds())));
    }
    return r;
  }

  private static ArmThrottling.Bucket bucket(JsonNode node, ArmThrottling.Bucket current) {
    return new ArmThrottling.Bucket(
        node.path("capacity").asDouble(current.capacity()),
        node.path("refillPerSecond").asDouble(current.refillPerSecond()));
  }

  private static Duration duration(JsonNode node) {
    try {
      return Duration.parse(node.asText());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("not an ISO-8601 duration: " + node.asText());
    }
  }
}
