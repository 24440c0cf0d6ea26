package dev.wimigrate.agent.commands;

import java.util.Map;

/** A service account as the migration sees it: whether it exists, its labels and annotations. */
public record AccountState(
    boolean exists, Map<String, String> labels, Map<String, String> annotations) {

  public AccountState {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  public static AccountState absent() {
    return new AccountState(false, Map.of(), Map.of());
  }
}
