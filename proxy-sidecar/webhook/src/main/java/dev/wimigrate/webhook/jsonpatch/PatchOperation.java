package dev.wimigrate.webhook.jsonpatch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One RFC 6902 operation: {@code add}, {@code remove} or {@code replace}. */
@RegisterForReflection
@JsonPropertyOrder({"op", "path", "value"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PatchOperation(String op, String path, JsonNode value) {

  public static PatchOperation add(String path, JsonNode value) {
    return new PatchOperation("add", path, value);
  }

  public static PatchOperation replace(String path, JsonNode value) {
    return new PatchOperation("replace", path, value);
  }

  public static PatchOperation remove(String path) {
    return new PatchOperation("remove", path, null);
  }
}
