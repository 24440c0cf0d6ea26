package dev.wimigrate.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The subset of JSON schema validation our generated schemas use (type, required, properties,
 * additionalProperties, items, enum, format, pattern, minimum, maximum). With {@code strict}, a
 * property the schema does not declare is an error too: our own output must be fully described.
 */
final class SchemaCheck {
  private static final Pattern UUID =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  private SchemaCheck() {}

  static List<String> violations(JsonNode schema, JsonNode value, boolean strict) {
    var errors = new ArrayList<String>();
    check(schema, value, "$", strict, errors);
    return errors;
  }

  private static void check(
      JsonNode schema, JsonNode value, String at, boolean strict, List<String> errors) {
    if (!typeMatches(schema.get("type"), value)) {
      errors.add(at + ": expected type " + schema.get("type") + ", got " + value.getNodeType());
      return;
    }
    if (value.isNull()) {
      return;
    }
    if (schema.has("enum") && !contains(schema.get("enum"), value)) {
      errors.add(at + ": " + value + " not in " + schema.get("enum"));
    }
    if (schema.has("pattern")
        && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
      errors.add(at + ": " + value + " does not match " + schema.get("pattern"));
    }
    if (schema.has("format") && !formatMatches(schema.get("format").asText(), value.asText())) {
      errors.add(at + ": " + value + " is not a " + schema.get("format"));
    }
    if (schema.has("minimum") && value.asLong() < schema.get("minimum").asLong()) {
      errors.add(at + ": " + value + " < " + schema.get("minimum"));
    }
    if (schema.has("maximum") && value.asLong() > schema.get("maximum").asLong()) {
      errors.add(at + ": " + value + " > " + schema.get("maximum"));
    }
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(schema.get("items"), value.get(i), at + "[" + i + "]", strict, errors);
      }
    }
    if (value.isObject()) {
      schema
          .path("required")
          .forEach(
              r -> {
                if (!value.has(r.asText())) {
                  errors.add(at + ": missing required " + r.asText());
                }
              });
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.get("additionalProperties");
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        String path = at + "." + field.getKey();
        if (properties.has(field.getKey())) {
          check(properties.get(field.getKey()), field.getValue(), path, strict, errors);
        } else if (additional != null && additional.isObject()) {
          check(additional, field.getValue(), path, strict, errors);
        } else if (strict
            || (additional != null && additional.isBoolean() && !additional.asBoolean())) {
          errors.add(path + ": not declared in the schema");
        }
      }
    }
  }

  private static boolean typeMatches(JsonNode type, JsonNode value) {
    if (type == null) {
      return true;
    }
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (typeMatches(t, value)) {
          return true;
        }
      }
      return false;
    }
    return switch (type.asText()) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "null" -> value.isNull();
      default -> throw new IllegalArgumentException("unknown schema type " + type);
    };
  }

  private static boolean contains(JsonNode values, JsonNode value) {
    for (JsonNode v : values) {
      if (v.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static boolean formatMatches(String format, String text) {
    try {
      switch (format) {
        case "date-time" -> Instant.parse(text);
        case "duration" -> Duration.parse(text);
        case "uri" -> {
          if (!new URI(text).isAbsolute()) {
            return false;
          }
        }
        case "uuid" -> {
          return UUID.matcher(text).matches();
        }
        default -> throw new IllegalArgumentException("unknown format " + format);
      }
      return true;
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("unknown format")) {
        throw e;
      }
      return false;
    } catch (Exception e) {
      return false;
    }
  }
}
