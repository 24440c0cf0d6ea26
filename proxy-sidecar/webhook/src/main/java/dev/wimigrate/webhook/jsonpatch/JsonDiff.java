package dev.wimigrate.webhook.jsonpatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes an RFC 6902 patch between two JSON documents, as the reference webhook does between the
 * submitted and the mutated pod.
 *
 * <p>Lists of named objects (containers, env, volumes, mounts) are matched by {@code name}, so that
 * prepending the native proxy sidecar is one {@code add} at index 0 instead of a rewrite of every
 * element. Other lists are compared element by element; appends become {@code add}s.
 */
public final class JsonDiff {

  private JsonDiff() {}

  public static List<PatchOperation> diff(JsonNode source, JsonNode target) {
    List<PatchOperation> ops = new ArrayList<>();
    diff(source, target, "", ops);
    return ops;
  }

  /** Escapes one path segment (RFC 6901). */
  public static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }

  private static void diff(
      JsonNode source, JsonNode target, String path, List<PatchOperation> ops) {
    if (source.equals(target) || sameNumber(source, target)) {
      return;
    }
    if (source.isObject() && target.isObject()) {
      diffObjects((ObjectNode) source, (ObjectNode) target, path, ops);
    } else if (source.isArray() && target.isArray()) {
      diffArrays((ArrayNode) source, (ArrayNode) target, path, ops);
    } else {
      ops.add(PatchOperation.replace(path, target));
    }
  }

  private static void diffObjects(
      ObjectNode source, ObjectNode target, String path, List<PatchOperation> ops) {
    for (Iterator<String> names = source.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!target.has(name)) {
        ops.add(PatchOperation.remove(path + "/" + escape(name)));
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> fields = target.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      String child = path + "/" + escape(field.getKey());
      JsonNode before = source.get(field.getKey());
      if (before == null) {
        ops.add(PatchOperation.add(child, field.getValue()));
      } else {
        diff(before, field.getValue(), child, ops);
      }
    }
  }

  private static void diffArrays(
      ArrayNode source, ArrayNode target, String path, List<PatchOperation> ops) {
    List<String> sourceNames = uniqueNames(source);
    List<String> targetNames = uniqueNames(target);
    if (sourceNames != null && targetNames != null && commonInSameOrder(sourceNames, targetNames)) {
      diffNamed(source, target, sourceNames, targetNames, path, ops);
      return;
    }
    int common = Math.min(source.size(), target.size());
    if (source.size() <= target.size()) {
      for (int i = 0; i < common; i++) {
        diff(source.get(i), target.get(i), path + "/" + i, ops);
      }
      for (int i = common; i < target.size(); i++) {
        ops.add(PatchOperation.add(path + "/" + i, target.get(i)));
      }
    } else {
      ops.add(PatchOperation.replace(path, target));
    }
  }

  private static void diffNamed(
      ArrayNode source,
      ArrayNode target,
      List<String> sourceNames,
      List<String> targetNames,
      String path,
      List<PatchOperation> ops) {
    Set<String> kept = new HashSet<>(targetNames);
    List<String> work = new ArrayList<>(sourceNames);
    List<JsonNode> workNodes = new ArrayList<>();
    source.forEach(workNodes::add);
    for (int i = work.size() - 1; i >= 0; i--) {
      if (!kept.contains(work.get(i))) {
        ops.add(PatchOperation.remove(path + "/" + i));
        work.remove(i);
        workNodes.remove(i);
      }
    }
    for (int i = 0; i < targetNames.size(); i++) {
      String name = targetNames.get(i);
      if (i < work.size() && work.get(i).equals(name)) {
        diff(workNodes.get(i), target.get(i), path + "/" + i, ops);
      } else {
        ops.add(PatchOperation.add(path + "/" + i, target.get(i)));
        work.add(i, name);
        workNodes.add(i, target.get(i));
      }
    }
  }

  /** 3600 parsed as an int and 3600 built as a long are the same JSON. */
  private static boolean sameNumber(JsonNode a, JsonNode b) {
    return a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0;
  }

  /** The elements' names when every element is an object with a distinct string name. */
  private static List<String> uniqueNames(ArrayNode array) {
    List<String> names = new ArrayList<>(array.size());
    Set<String> seen = new HashSet<>();
    for (JsonNode element : array) {
      JsonNode name = element.isObject() ? element.get("name") : null;
      if (name == null || !name.isTextual() || !seen.add(name.asText())) {
        return null;
      }
      names.add(name.asText());
    }
    return names;
  }

  private static boolean commonInSameOrder(List<String> source, List<String> target) {
    Set<String> inTarget = new HashSet<>(target);
    Set<String> inSource = new HashSet<>(source);
    List<String> a = source.stream().filter(inTarget::contains).toList();
    List<String> b = target.stream().filter(inSource::contains).toList();
    return a.equals(b);
  }
}
