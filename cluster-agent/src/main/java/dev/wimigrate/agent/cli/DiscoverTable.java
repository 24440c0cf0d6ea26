package dev.wimigrate.agent.cli;

import dev.wimigrate.events.inventory.PodIdentityBindingRef;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Renders the discover rows as an aligned plain-text table. */
final class DiscoverTable {

  static final List<String> HEADER =
      List.of(
          "NAMESPACE",
          "KIND",
          "NAME",
          "SERVICE ACCOUNT",
          "IDENTITY",
          "OS",
          "SDK",
          "PATH",
          "REASON");

  private DiscoverTable() {}

  static String render(List<DiscoverCommand.Row> rows) {
    List<List<String>> table = new ArrayList<>();
    table.add(HEADER);
    for (DiscoverCommand.Row row : rows) {
      var w = row.workload();
      table.add(
          List.of(
              w.workload().namespace(),
              w.workload().kind().kubernetesName(),
              w.workload().name(),
              w.serviceAccountName(),
              w.bindings().isEmpty()
                  ? "-"
                  : w.bindings().stream()
                      .map(PodIdentityBindingRef::identityName)
                      .distinct()
                      .collect(Collectors.joining(",")),
              w.os().name().toLowerCase(),
              w.sdkHint().name().toLowerCase(),
              row.plan().path().name()
                  + (row.plan().unprivilegedSidecar() ? " (unprivileged)" : ""),
              row.plan().reason()));
    }
    int[] widths = new int[HEADER.size()];
    for (List<String> line : table) {
      for (int i = 0; i < line.size() - 1; i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> line : table) {
      for (int i = 0; i < line.size(); i++) {
        String cell = line.get(i);
        out.append(i == line.size() - 1 ? cell : String.format("%-" + (widths[i] + 2) + "s", cell));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
