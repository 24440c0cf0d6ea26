package dev.wimigrate.events;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wimigrate.events.common.Defaulted;
import dev.wimigrate.events.common.Nullable;
import dev.wimigrate.events.common.SchemaHint;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Derives the JSON schema (draft 2020-12) of an event type from its record components: required =
 * neither {@link Nullable} nor {@link Defaulted}; formats from the Java type or {@link SchemaHint};
 * nested records inline. Unknown properties stay allowed, as the codec tolerates them.
 */
final class SchemaGenerator {
  private final ObjectMapper mapper = new EventCodec().objectMapper();

  ObjectNode schema(EventType type) {
    ObjectNode root = mapper.createObjectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("$id", type.schemaId().toString());
    root.put("title", type.name());
    root.put("description", type.description());
    root.put("x-cloudevents-type", type.type());
    root.put("x-kafka-topic", type.topic());
    root.setAll(record(type.javaType()));
    return root;
  }

  /** The schema as committed: two-space indent, "key": value, trailing newline. */
  String text(EventType type) throws Exception {
    var printer =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    return mapper.writer(printer).writeValueAsString(schema(type)) + "\n";
  }

  private ObjectNode record(Class<?> type) {
    ObjectNode node = mapper.createObjectNode();
    node.put("type", "object");
    node.put("additionalProperties", true);
    ArrayNode required = mapper.createArrayNode();
    ObjectNode properties = mapper.createObjectNode();
    for (RecordComponent c : type.getRecordComponents()) {
      boolean nullable = c.isAnnotationPresent(Nullable.class);
      ObjectNode property = value(c.getGenericType());
      hints(property, c.getAnnotation(SchemaHint.class));
      Defaulted defaulted = c.getAnnotation(Defaulted.class);
      if (defaulted != null) {
        property.set("default", defaultValue(c.getType(), defaulted));
      } else if (nullable) {
        allowNull(property);
      } else {
        required.add(c.getName());
      }
      properties.set(c.getName(), property);
    }
    if (!required.isEmpty()) {
      node.set("required", required);
    }
    node.set("properties", properties);
    return node;
  }

  private ObjectNode value(Type type) {
    ObjectNode node = mapper.createObjectNode();
    Class<?> raw =
        type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    if (raw == String.class) {
      node.put("type", "string");
    } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
      node.put("type", "integer");
    } else if (raw == boolean.class || raw == Boolean.class) {
      node.put("type", "boolean");
    } else if (raw == Instant.class) {
      node.put("type", "string").put("format", "date-time");
    } else if (raw == Duration.class) {
      node.put("type", "string").put("format", "duration");
    } else if (raw == URI.class) {
      node.put("type", "string").put("format", "uri");
    } else if (raw.isEnum()) {
      node.put("type", "string");
      ArrayNode values = node.putArray("enum");
      for (Object constant : raw.getEnumConstants()) {
        values.add(mapper.convertValue(constant, String.class));
      }
    } else if (Collection.class.isAssignableFrom(raw)) {
      node.put("type", "array");
      node.set("items", value(((ParameterizedType) type).getActualTypeArguments()[0]));
    } else if (Map.class.isAssignableFrom(raw)) {
      node.put("type", "object");
      node.set(
          "additionalProperties", value(((ParameterizedType) type).getActualTypeArguments()[1]));
    } else if (raw.isRecord()) {
      return record(raw);
    } else {
      throw new IllegalArgumentException("no JSON schema mapping for " + type);
    }
    return node;
  }

  private static void hints(ObjectNode property, SchemaHint hint) {
    if (hint == null) {
      return;
    }
    if (!hint.format().isEmpty()) {
      property.put("format", hint.format());
    }
    if (!hint.pattern().isEmpty()) {
      property.put("pattern", hint.pattern());
    }
    if (hint.minimum() != Long.MIN_VALUE) {
      property.put("minimum", hint.minimum());
    }
    if (hint.maximum() != Long.MAX_VALUE) {
      property.put("maximum", hint.maximum());
    }
  }

  private JsonNode defaultValue(Class<?> type, Defaulted defaulted) {
    if (Map.class.isAssignableFrom(type)) {
      return mapper.createObjectNode();
    }
    return mapper.valueToTree(List.of(defaulted.value()));
  }

  private void allowNull(ObjectNode property) {
    JsonNode type = property.get("type");
    ArrayNode types = mapper.createArrayNode().add(type.asText()).add("null");
    property.set("type", types);
    if (property.has("enum")) {
      ((ArrayNode) property.get("enum")).addNull();
    }
  }
}
