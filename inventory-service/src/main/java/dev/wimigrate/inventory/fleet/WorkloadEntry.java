package dev.wimigrate.inventory.fleet;

import dev.wimigrate.events.inventory.PodIdentityBindingRef;
import dev.wimigrate.events.inventory.WorkloadObserved;
import dev.wimigrate.events.planning.MigrationPaths;
import dev.wimigrate.events.planning.PlannedPath;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * One workload as the inventory serves it: the newest observation, the path {@link MigrationPaths}
 * plans for it ({@code null} when it does not use pod identity) and its Workload ID status.
 */
public record WorkloadEntry(
    String key,
    WorkloadObserved observed,
    PlannedPath plannedPath,
    WorkloadIdentityStatus workloadIdentity) {

  /** The value of the {@code path} filter and summary bucket for workloads without pod identity. */
  public static final String NO_POD_IDENTITY = "NONE";

  static WorkloadEntry of(WorkloadObserved observed) {
    boolean podIdentity =
        observed.podIdentitySelector() != null
            || !observed.bindings().isEmpty()
            || observed.labels().containsKey(WorkloadObserved.POD_IDENTITY_LABEL);
    return new WorkloadEntry(
        observed.workload().key(),
        observed,
        podIdentity ? MigrationPaths.choose(observed) : null,
        WorkloadIdentityStatus.of(observed.wiState()));
  }

  /** The planned path's name, or {@link #NO_POD_IDENTITY}. */
  public String pathName() {
    return plannedPath == null ? NO_POD_IDENTITY : plannedPath.path().name();
  }

  /**
   * Whether the workload uses {@code identity} (case-insensitive): a binding's identity resource
   * id, client id or AzureIdentity name, or its service account's Workload ID client-id annotation.
   */
  public boolean usesIdentity(String identity) {
    return identityTokens().contains(identity.trim().toLowerCase(Locale.ROOT));
  }

  /** The lower-cased names under which the identity index finds this workload. */
  Set<String> identityTokens() {
    Set<String> tokens = new HashSet<>();
    for (PodIdentityBindingRef binding : observed.bindings()) {
      add(tokens, binding.identityResourceId());
      add(tokens, binding.clientId());
      add(tokens, binding.identityName());
    }
    add(tokens, observed.wiState().saClientIdAnnotation());
    return tokens;
  }

  private static void add(Set<String> tokens, String name) {
    if (name != null && !name.isBlank()) {
      tokens.add(name.trim().toLowerCase(Locale.ROOT));
    }
  }
}
