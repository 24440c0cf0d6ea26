package dev.wimigrate.agent.discovery;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;

/** Lenient readers for the loosely typed specs of pod identity and KEDA objects. */
final class CustomResources {

  private CustomResources() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> spec(GenericKubernetesResource resource) {
    Object spec = resource.getAdditionalProperties().get("spec");
    return spec instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  /** The first of {@code keys} present, as a string; null when none is. */
  static String string(Map<String, Object> spec, String... keys) {
    for (String key : keys) {
      Object value = spec.get(key);
      if (value != null && !value.toString().isBlank()) {
        return value.toString();
      }
    }
    return null;
  }

  static int integer(Map<String, Object> spec, String key, int fallback) {
    Object value = spec.get(key);
    if (value instanceof Number n) {
      return n.intValue();
    }
    if (value instanceof String s) {
      try {
        return Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        return fallback;
      }
    }
    return fallback;
  }
}
