package dev.wimigrate.identity.cluster;

import java.util.List;

/** Pure rules for the managed-cluster steps; the worker applies what they decide. */
public final class ClusterPlanner {

  private ClusterPlanner() {}

  /** OIDC issuer and Workload ID on: whichever is off gets switched on, in one write. */
  public static ClusterDecision enableWorkloadIdentity(ClusterState cluster) {
    if (cluster.oidcIssuerEnabled() && cluster.workloadIdentityEnabled()) {
      return new ClusterDecision.AlreadyDone();
    }
    return new ClusterDecision.Update(
        new ClusterChange(
            !cluster.oidcIssuerEnabled(), !cluster.workloadIdentityEnabled(), List.of(), false));
  }

  /**
   * Drops the named pod identity entries that are still there and, when {@code disableAddon}, turns
   * the add-on off — but only if no entry the command did not name would remain: those belong to
   * workloads that still need pod identity.
   */
  public static ClusterDecision removePodIdentities(
      ClusterState cluster, List<String> names, boolean disableAddon) {
    List<String> present = cluster.podIdentities().stream().filter(names::contains).toList();
    List<String> remaining =
        cluster.podIdentities().stream().filter(p -> !names.contains(p)).toList();
    if (disableAddon && cluster.podIdentityEnabled() && !remaining.isEmpty()) {
      return new ClusterDecision.StillInUse(remaining);
    }
    boolean disable = disableAddon && cluster.podIdentityEnabled();
    if (present.isEmpty() && !disable) {
      return new ClusterDecision.AlreadyDone();
    }
    return new ClusterDecision.Update(new ClusterChange(false, false, present, disable));
  }
}
