package dev.wimigrate.testkit.azure.arm;

import static dev.wimigrate.testkit.azure.arm.ArmIo.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.wimigrate.testkit.azure.http.HttpIo;
import dev.wimigrate.testkit.azure.http.Operation;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Microsoft.Authorization over HTTP at any scope: {@code {scope}/providers/Microsoft.Authorization/
 * roleAssignments[/{guid}]} and {@code …/roleDefinitions[/{guid}]}.
 */
final class AuthorizationRoutes {

  static final String NAMESPACE = "Microsoft.Authorization";
  static final Set<String> API_VERSIONS =
      Set.of(
          "2015-07-01",
          "2018-01-01-preview",
          "2018-09-01-preview",
          "2020-04-01-preview",
          "2020-10-01-preview",
          "2022-04-01");

  private final RoleAssignmentStore store;

  AuthorizationRoutes(RoleAssignmentStore store) {
    this.store = store;
  }

  static Operation classify(List<String> s, String method) {
    int p = ArmIo.providerIndex(s, NAMESPACE);
    if (p < 0) {
      return null;
    }
    int n = s.size() - p;
    if (is(s, p + 2, "roleAssignments")) {
      if (n == 3) {
        return Operation.ROLE_ASSIGNMENT_LIST;
      }
      if (n == 4) {
        switch (method) {
          case "PUT":
            return Operation.ROLE_ASSIGNMENT_PUT;
          case "DELETE":
            return Operation.ROLE_ASSIGNMENT_DELETE;
          default:
            return Operation.ROLE_ASSIGNMENT_GET;
        }
      }
    }
    if (is(s, p + 2, "roleDefinitions")) {
      return n == 3 ? Operation.ROLE_DEFINITION_LIST : Operation.ROLE_DEFINITION_GET;
    }
    return null;
  }

  void handle(HttpExchange exchange, List<String> s, String method, String caller)
      throws IOException {
    int p = ArmIo.providerIndex(s, NAMESPACE);
    int n = s.size() - p;
    String scope = ArmIo.join(s, 0, p);
    Map<String, String> query = HttpIo.query(exchange);
    if (is(s, p + 2, "roleAssignments") && (n == 3 || n == 4)) {
      ArmIo.apiVersion(exchange, API_VERSIONS);
      if (n == 3) {
        ArmIo.requireMethod(method, "GET");
        HttpIo.sendJson(
            exchange,
            200,
            ArmIo.page(
                store.list(scope, query.get("$filter")).stream()
                    .map(AuthorizationRoutes::json)
                    .toList()));
        return;
      }
      String name = s.get(p + 3);
      switch (method) {
        case "PUT" -> {
          JsonNode props = ArmIo.readJson(exchange).path("properties");
          IdentityStore.Upsert<RoleAssignment> result =
              store.put(
                  scope,
                  name,
                  new RoleAssignmentStore.Create(
                      text(props, "roleDefinitionId"),
                      text(props, "principalId"),
                      text(props, "principalType"),
                      text(props, "description"),
                      text(props, "condition"),
                      text(props, "conditionVersion")),
                  caller);
          HttpIo.sendJson(exchange, result.created() ? 201 : 200, json(result.resource()));
        }
        case "GET" -> HttpIo.sendJson(exchange, 200, json(store.get(scope, name)));
        case "DELETE" -> {
          var removed = store.delete(scope, name);
          if (removed.isPresent()) {
            HttpIo.sendJson(exchange, 200, json(removed.get()));
          } else {
            HttpIo.sendJson(exchange, 204, null);
          }
        }
        default -> throw ArmIo.methodNotAllowed(method);
      }
      return;
    }
    if (is(s, p + 2, "roleDefinitions") && (n == 3 || n == 4)) {
      ArmIo.apiVersion(exchange, API_VERSIONS);
      ArmIo.requireMethod(method, "GET");
      String prefix = RoleAssignmentStore.subscriptionOf(scope).orElse("");
      if (n == 3) {
        HttpIo.sendJson(
            exchange,
            200,
            ArmIo.page(
                store.definitions(query.get("$filter")).stream()
                    .map(d -> json(d, prefix))
                    .toList()));
      } else {
        HttpIo.sendJson(exchange, 200, json(store.definitionByGuid(s.get(p + 3)), prefix));
      }
      return;
    }
    throw ArmIo.notEmulated(HttpIo.rawPath(exchange));
  }

  private static String text(JsonNode node, String field) {
    return node.isObject() ? ArmIo.text(node, field) : null;
  }

  static Map<String, Object> json(RoleAssignment a) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("roleDefinitionId", a.roleDefinitionId());
    props.put("principalId", a.principalId());
    props.put("principalType", a.principalType());
    props.put("scope", a.scope());
    props.put("condition", a.condition());
    props.put("conditionVersion", a.conditionVersion());
    props.put("description", a.description());
    props.put("createdOn", a.createdOn().toString());
    props.put("updatedOn", a.updatedOn().toString());
    props.put("createdBy", a.createdBy());
    props.put("updatedBy", a.updatedBy());
    props.put("delegatedManagedIdentityResourceId", null);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", a.id());
    json.put("name", a.name());
    json.put("type", RoleAssignment.TYPE);
    json.put("properties", props);
    return json;
  }

  static Map<String, Object> json(RoleDefinition d, String scopePrefix) {
    Map<String, Object> permission = new LinkedHashMap<>();
    permission.put("actions", d.actions());
    permission.put("notActions", List.of());
    permission.put("dataActions", List.of());
    permission.put("notDataActions", List.of());
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("roleName", d.roleName());
    props.put("type", "BuiltInRole");
    props.put("description", d.description());
    props.put("assignableScopes", List.of("/"));
    props.put("permissions", List.of(permission));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", scopePrefix + "/providers/Microsoft.Authorization/roleDefinitions/" + d.guid());
    json.put("name", d.guid());
    json.put("type", RoleDefinition.TYPE);
    json.put("properties", props);
    return json;
  }
}
