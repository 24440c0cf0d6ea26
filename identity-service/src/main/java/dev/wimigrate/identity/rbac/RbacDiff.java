package dev.wimigrate.identity.rbac;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How two identities' role assignments differ: what the target lacks ({@code missing}, to copy),
 * what only the target has ({@code extra}, never removed by the service) and what both hold. Pure,
 * so a re-run computes the same answer from the same Azure state.
 */
public record RbacDiff(List<Assignment> missing, List<Assignment> extra, List<Assignment> shared) {

  private static final Comparator<Assignment> ORDER = Comparator.comparing(Assignment::grantKey);

  public RbacDiff {
    missing = List.copyOf(missing);
    extra = List.copyOf(extra);
    shared = List.copyOf(shared);
  }

  /** Compares {@code source}'s grants with {@code target}'s; duplicates count once. */
  public static RbacDiff between(List<Assignment> source, List<Assignment> target) {
    Map<String, Assignment> from = byGrant(source);
    Map<String, Assignment> to = byGrant(target);
    List<Assignment> missing = new ArrayList<>();
    List<Assignment> shared = new ArrayList<>();
    from.forEach((key, assignment) -> (to.containsKey(key) ? shared : missing).add(assignment));
    List<Assignment> extra =
        to.entrySet().stream()
            .filter(e -> !from.containsKey(e.getKey()))
            .map(Map.Entry::getValue)
            .toList();
    missing.sort(ORDER);
    shared.sort(ORDER);
    return new RbacDiff(missing, extra.stream().sorted(ORDER).toList(), shared);
  }

  public boolean targetHasEverything() {
    return missing.isEmpty();
  }

  /** {@code roleDefinitionId@scope} of each missing assignment, as the result reports them. */
  public List<String> missingDescribed() {
    return missing.stream().map(Assignment::describe).toList();
  }

  private static Map<String, Assignment> byGrant(List<Assignment> assignments) {
    Map<String, Assignment> byKey = new LinkedHashMap<>();
    for (Assignment a : assignments) {
      byKey.putIfAbsent(a.grantKey(), a);
    }
    return byKey;
  }
}
