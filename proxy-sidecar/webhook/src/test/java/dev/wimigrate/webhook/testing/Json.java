package dev.wimigrate.webhook.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wimigrate.webhook.jsonpatch.PatchOperation;
import java.util.List;

/** JSON for tests: single-quoted literals, and an RFC 6902 applier to check patches with. */
public final class Json {

  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** Parses JSON written with single quotes ({@code {'a':'b'}}). */
  public static JsonNode json(String singleQuoted) {
    try {
      return MAPPER.readTree(singleQuoted.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(singleQuoted, e);
    }
  }

  /** Applies {@code patch} to a copy of {@code document} (add, replace, remove). */
  public static JsonNode apply(JsonNode document, List<PatchOperation> patch) {
    JsonNode root = document.deepCopy();
    for (PatchOperation op : patch) {
      if (op.path().isEmpty()) {
        if (!op.op().equals("replace")) {
          throw new IllegalArgumentException("unsupported root op " + op);
        }
        root = op.value().deepCopy();
        continue;
      }
      int slash = op.path().lastIndexOf('/');
      JsonNode parent = root.at(op.path().substring(0, slash));
      String last = unescape(op.path().substring(slash + 1));
      if (parent.isMissingNode()) {
        throw new IllegalArgumentException("no parent for " + op);
      }
      if (parent.isObject()) {
        ObjectNode object = (ObjectNode) parent;
        switch (op.op()) {
          case "add", "replace" -> {
            if (op.op().equals("replace") && !object.has(last)) {
              throw new IllegalArgumentException("replace of missing member " + op);
            }
            object.set(last, op.value().deepCopy());
          }
          case "remove" -> {
            if (object.remove(last) == null) {
              throw new IllegalArgumentException("remove of missing member " + op);
            }
          }
          default -> throw new IllegalArgumentException(op.toString());
        }
      } else {
        ArrayNode array = (ArrayNode) parent;
        int index = last.equals("-") ? array.size() : Integer.parseInt(last);
        switch (op.op()) {
          case "add" -> {
            if (index > array.size()) {
              throw new IllegalArgumentException("add beyond the end " + op);
            }
            array.insert(index, op.value().deepCopy());
          }
          case "replace" -> array.set(index, op.value().deepCopy());
          case "remove" -> array.remove(index);
          default -> throw new IllegalArgumentException(op.toString());
        }
      }
    }
    return root;
  }

  private static String unescape(String segment) {
    return segment.replace("~1", "/").replace("~0", "~");
  }
}
