package dev.wimigrate.testkit.azure.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.wimigrate.testkit.azure.http.HttpIo;
import dev.wimigrate.testkit.azure.rules.ArmException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** ARM's request and answer conventions shared by the resource providers. */
final class ArmIo {

  private ArmIo() {}

  /** The request's {@code api-version}, refused unless it is one of {@code accepted}. */
  static String apiVersion(HttpExchange exchange, Collection<String> accepted) {
    String version = HttpIo.query(exchange).get("api-version");
    if (version == null || version.isBlank()) {
      throw new ArmException(
          400,
          "MissingApiVersionParameter",
          "The api-version query parameter (?api-version=) is required for all requests.");
    }
    if (!accepted.contains(version)) {
      throw new ArmException(
          400,
          "InvalidApiVersionParameter",
          "The api-version '"
              + version
              + "' is invalid. The supported versions are '"
              + String.join(",", new TreeSet<>(accepted))
              + "'.");
    }
    return version;
  }

  static JsonNode readJson(HttpExchange exchange) throws IOException {
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

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  static Map<String, Object> page(List<?> values) {
    return Map.of("value", values);
  }

  static Map<String, Object> error(String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    return Map.of("error", error);
  }

  static void requireMethod(String method, String expected) {
    if (!expected.equals(method)) {
      throw methodNotAllowed(method);
    }
  }

  static ArmException methodNotAllowed(String method) {
    return new ArmException(
        405,
        "HttpMethodNotAllowed",
        "The HTTP method '" + method + "' is not supported for this resource.");
  }

  static ArmException notEmulated(String path) {
    return new ArmException(
        404, "InvalidResourceType", "The resource type is not emulated: " + path);
  }

  static boolean is(List<String> segments, int index, String expected) {
    return segments.size() > index && segments.get(index).equalsIgnoreCase(expected);
  }

  static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String part : rawPath.split("/")) {
      if (!part.isEmpty()) {
        segments.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return segments;
  }

  /** Index of {@code providers/{namespace}} in the path, or -1. */
  static int providerIndex(List<String> s, String namespace) {
    for (int i = 0; i + 1 < s.size(); i++) {
      if (s.get(i).equalsIgnoreCase("providers") && s.get(i + 1).equalsIgnoreCase(namespace)) {
        return i;
      }
    }
    return -1;
  }

  /** Joins segments {@code from} (inclusive) to {@code to} (exclusive) as {@code /a/b}. */
  static String join(List<String> s, int from, int to) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i < to; i++) {
      b.append('/').append(s.get(i));
    }
    return b.length() == 0 ? "/" : b.toString();
  }
}
