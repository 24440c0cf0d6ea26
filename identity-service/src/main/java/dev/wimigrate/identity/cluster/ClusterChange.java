package dev.wimigrate.identity.cluster;

import java.util.List;

/**
 * One write (a PUT, a long-running operation) to a managed cluster: what to switch on, which pod
 * identity entries ({@code namespace/name}) to drop and whether to disable the pod identity add-on.
 * Everything else of the cluster is written back as read.
 */
public record ClusterChange(
    boolean enableOidcIssuer,
    boolean enableWorkloadIdentity,
    List<String> removePodIdentities,
    boolean disablePodIdentity) {

  public ClusterChange {
    removePodIdentities = List.copyOf(removePodIdentities);
  }
}
