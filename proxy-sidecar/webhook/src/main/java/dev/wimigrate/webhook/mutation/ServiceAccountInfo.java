package dev.wimigrate.webhook.mutation;

import java.util.Map;

/** What the mutation needs of the pod's service account: its name and annotations. */
public record ServiceAccountInfo(String name, Map<String, String> annotations) {

  public ServiceAccountInfo {
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  public String annotation(String key) {
    return annotations.get(key);
  }
}
