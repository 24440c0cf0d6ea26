package dev.wimigrate.testkit.azure.arm;

import static dev.wimigrate.testkit.azure.arm.ArmIo.is;

import com.sun.net.httpserver.HttpExchange;
import dev.wimigrate.testkit.azure.http.HttpIo;
import dev.wimigrate.testkit.azure.http.Operation;
import dev.wimigrate.testkit.azure.rules.ArmException;
import dev.wimigrate.testkit.azure.rules.EmulatorRules;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Microsoft.ContainerService managed clusters over HTTP, with ARM's long-running operations: a PUT
 * or PATCH answers 201/200 with {@code provisioningState} {@code Creating}/{@code Updating} and an
 * {@code Azure-AsyncOperation} URL; a DELETE answers 202 with {@code Location} and {@code
 * Azure-AsyncOperation}; both carry {@code Retry-After}.
 */
final class ContainerServiceRoutes {

  static final String NAMESPACE = "Microsoft.ContainerService";

  /** Any stable or preview api-version from 2022 on (the Java SDK 2.56 sends 2025-09-01). */
  private static final Pattern API_VERSION =
      Pattern.compile("^20(2[2-9]|[3-9]\\d)-\\d\\d-\\d\\d(-preview)?$");

  private final String baseUrl;
  private final ManagedClusterStore store;
  private final Supplier<EmulatorRules> rules;

  ContainerServiceRoutes(String baseUrl, ManagedClusterStore store, Supplier<EmulatorRules> rules) {
    this.baseUrl = baseUrl;
    this.store = store;
    this.rules = rules;
  }

  static Operation classify(List<String> s, String method) {
    int p = ArmIo.providerIndex(s, NAMESPACE);
    if (p < 0) {
      return null;
    }
    int n = s.size() - p;
    if (is(s, p + 2, "locations") && n == 6) {
      if (is(s, p + 4, "operations")) {
        return Operation.CLUSTER_OPERATION_STATUS;
      }
      if (is(s, p + 4, "operationresults")) {
        return Operation.CLUSTER_OPERATION_RESULT;
      }
    }
    if (is(s, p + 2, "managedClusters")) {
      if (n == 3) {
        return Operation.CLUSTER_LIST;
      }
      if (n == 4) {
        switch (method) {
          case "PUT":
            return Operation.CLUSTER_PUT;
          case "PATCH":
            return Operation.CLUSTER_PATCH;
          case "DELETE":
            return Operation.CLUSTER_DELETE;
          default:
            return Operation.CLUSTER_GET;
        }
      }
    }
    return null;
  }

  void handle(HttpExchange exchange, List<String> s, String method) throws IOException {
    int p = ArmIo.providerIndex(s, NAMESPACE);
    int n = s.size() - p;
    if (!is(s, 0, "subscriptions")) {
      throw ArmIo.notEmulated(HttpIo.rawPath(exchange));
    }
    String sub = s.get(1);
    String version = apiVersion(exchange);
    if (is(s, p + 2, "locations") && n == 6) {
      ArmIo.requireMethod(method, "GET");
      AsyncOperation op = store.operation(s.get(p + 5));
      if (is(s, p + 4, "operations")) {
        if (!op.done()) {
          retryAfter(exchange);
        }
        HttpIo.sendJson(exchange, 200, json(sub, op));
        return;
      }
      if (is(s, p + 4, "operationresults")) {
        if (!op.done()) {
          exchange.getResponseHeaders().set("Location", resultUrl(sub, op, version));
          retryAfter(exchange);
          HttpIo.sendJson(exchange, 202, null);
        } else if (op.kind().equals("DELETE")) {
          HttpIo.sendJson(exchange, 204, null);
        } else {
          List<String> r = ArmIo.segments(op.resourceId());
          Optional<com.fasterxml.jackson.databind.node.ObjectNode> model =
              store.find(r.get(1), r.get(3), r.get(7));
          HttpIo.sendJson(exchange, model.isPresent() ? 200 : 204, model.orElse(null));
        }
        return;
      }
    }
    if (!is(s, p + 2, "managedClusters") || (n != 3 && n != 4)) {
      throw ArmIo.notEmulated(HttpIo.rawPath(exchange));
    }
    String rg = p == 4 && is(s, 2, "resourceGroups") ? s.get(3) : null;
    if (n == 3) {
      ArmIo.requireMethod(method, "GET");
      HttpIo.sendJson(exchange, 200, ArmIo.page(store.list(sub, rg)));
      return;
    }
    if (rg == null) {
      throw ArmIo.notEmulated(HttpIo.rawPath(exchange));
    }
    String name = s.get(p + 3);
    switch (method) {
      case "PUT" -> {
        ManagedClusterStore.Write w = store.put(sub, rg, name, ArmIo.readJson(exchange));
        asyncHeaders(exchange, sub, w.operation(), version, false);
        HttpIo.sendJson(exchange, w.created() ? 201 : 200, w.model());
      }
      case "PATCH" -> {
        ManagedClusterStore.Write w = store.patchTags(sub, rg, name, ArmIo.readJson(exchange));
        asyncHeaders(exchange, sub, w.operation(), version, false);
        HttpIo.sendJson(exchange, 200, w.model());
      }
      case "GET" -> HttpIo.sendJson(exchange, 200, store.get(sub, rg, name));
      case "DELETE" -> {
        Optional<AsyncOperation> op = store.delete(sub, rg, name);
        if (op.isEmpty()) {
          HttpIo.sendJson(exchange, 204, null);
        } else {
          asyncHeaders(exchange, sub, op.get(), version, true);
          HttpIo.sendJson(exchange, 202, null);
        }
      }
      default -> throw ArmIo.methodNotAllowed(method);
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
    if (!API_VERSION.matcher(version).matches()) {
      throw new ArmException(
          400,
          "InvalidApiVersionParameter",
          "The api-version '" + version + "' is invalid for Microsoft.ContainerService.");
    }
    return version;
  }

  private void asyncHeaders(
      HttpExchange exchange, String sub, AsyncOperation op, String version, boolean location) {
    exchange.getResponseHeaders().set("Azure-AsyncOperation", statusUrl(sub, op, version));
    if (location) {
      exchange.getResponseHeaders().set("Location", resultUrl(sub, op, version));
    }
    retryAfter(exchange);
  }

  private void retryAfter(HttpExchange exchange) {
    exchange
        .getResponseHeaders()
        .set("Retry-After", Integer.toString(rules.get().operations().retryAfterSeconds()));
  }

  private String statusUrl(String sub, AsyncOperation op, String version) {
    return baseUrl + operationPath(sub, op, "operations") + "?api-version=" + version;
  }

  private String resultUrl(String sub, AsyncOperation op, String version) {
    return baseUrl + operationPath(sub, op, "operationresults") + "?api-version=" + version;
  }

  private static String operationPath(String sub, AsyncOperation op, String kind) {
    return "/subscriptions/"
        + sub
        + "/providers/Microsoft.ContainerService/locations/"
        + op.location()
        + "/"
        + kind
        + "/"
        + op.id();
  }

  static Map<String, Object> json(String sub, AsyncOperation op) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", operationPath(sub, op, "operations"));
    json.put("name", op.id());
    json.put("status", op.status());
    json.put("startTime", op.startTime().toString());
    if (op.endTime() != null) {
      json.put("endTime", op.endTime().toString());
    }
    json.put("percentComplete", op.done() ? 100 : 0);
    return json;
  }
}
