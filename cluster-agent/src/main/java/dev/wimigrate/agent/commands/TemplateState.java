package dev.wimigrate.agent.commands;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the migration changes in a pod template: its labels and annotations and the service account
 * its pods run as ({@code null} = the namespace's {@code default}, field absent).
 */
public record TemplateState(
    Map<String, String> labels, Map<String, String> annotations, String serviceAccountName) {

  public TemplateState {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  TemplateState withLabels(Map<String, String> newLabels) {
    return new TemplateState(newLabels, annotations, serviceAccountName);
  }

  TemplateState withAnnotations(Map<String, String> newAnnotations) {
    return new TemplateState(labels, newAnnotations, serviceAccountName);
  }

  TemplateState withServiceAccountName(String name) {
    return new TemplateState(labels, annotations, name);
  }

  static Map<String, String> sorted(Map<String, String> map) {
    return new TreeMap<>(map);
  }
}
