package dev.wimigrate.inventory.ticketing;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.wimigrate.events.common.InvalidFieldException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A value of a webhook payload with its path ({@code issue.fields.wimigrate_cluster}), read from a
 * Jackson tree. Every accessor that cannot give what is asked for throws a {@link
 * TicketPayloadException} with that path, so adapters never build error messages by hand.
 *
 * @param node the value; {@code null} when the field is absent
 */
record JsonField(String path, JsonNode node) {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** The body as the root object; broken JSON or another top-level value is refused. */
  static JsonField root(byte[] body) {
    if (body == null || body.length == 0) {
      throw new TicketPayloadException("", "empty body, expected a JSON object");
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(body);
    } catch (StreamReadException e) {
      var at = e.getLocation();
      throw new TicketPayloadException(
          "",
          String.format(
              "malformed JSON at line %d, column %d: %s",
              at.getLineNr(), at.getColumnNr(), firstLine(e.getOriginalMessage())));
    } catch (IOException e) {
      throw new TicketPayloadException("", "malformed JSON: " + firstLine(e.getMessage()));
    }
    JsonField root = new JsonField("", tree);
    if (tree == null || !tree.isObject()) {
      throw new TicketPayloadException("", "expected a JSON object, got " + root.kind());
    }
    return root;
  }

  JsonField get(String name) {
    return new JsonField(path.isEmpty() ? name : path + "." + name, node.get(name));
  }

  JsonField at(int index) {
    return new JsonField(path + "[" + index + "]", node.get(index));
  }

  /** Absent and JSON {@code null} are the same: ticketing systems send unset fields as null. */
  boolean isAbsent() {
    return node == null || node.isNull();
  }

  boolean isText() {
    return !isAbsent() && node.isTextual();
  }

  boolean isObject() {
    return !isAbsent() && node.isObject();
  }

  boolean isArray() {
    return !isAbsent() && node.isArray();
  }

  JsonField required() {
    if (isAbsent()) {
      throw invalid("missing required field");
    }
    return this;
  }

  JsonField object() {
    if (!required().node.isObject()) {
      throw invalid("must be an object, got " + kind());
    }
    return this;
  }

  Optional<JsonField> optionalObject() {
    return isAbsent() ? Optional.empty() : Optional.of(object());
  }

  /** A required, non-blank string. */
  String text() {
    if (!required().node.isTextual()) {
      throw invalid("must be a string, got " + kind());
    }
    if (node.textValue().isBlank()) {
      throw invalid("must not be blank");
    }
    return node.textValue();
  }

  /** A string if present; absent or null is empty, blank is refused. */
  Optional<String> optionalText() {
    return isAbsent() ? Optional.empty() : Optional.of(text());
  }

  List<JsonField> elements() {
    if (!required().node.isArray()) {
      throw invalid("must be an array, got " + kind());
    }
    List<JsonField> elements = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      elements.add(at(i));
    }
    return elements;
  }

  /** The members of an object, in document order. */
  Map<String, JsonField> members() {
    object();
    Map<String, JsonField> members = new LinkedHashMap<>();
    node.fieldNames().forEachRemaining(name -> members.put(name, get(name)));
    return members;
  }

  /**
   * Applies one of the {@code Checks} validators with this field's path, so its precise message
   * (e.g. {@code must be a DNS-1123 label, got "Foo_"}) names the payload's field.
   */
  String check(String value, BiFunction<String, String, String> check) {
    try {
      return check.apply(path, value);
    } catch (InvalidFieldException e) {
      throw new TicketPayloadException(e.field(), e.problem());
    }
  }

  TicketPayloadException invalid(String problem) {
    return new TicketPayloadException(path, problem);
  }

  /** What the value is, for "must be X, got Y" messages. */
  String kind() {
    if (node == null) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case NULL, MISSING -> "null";
      case BINARY -> "binary data";
    };
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
