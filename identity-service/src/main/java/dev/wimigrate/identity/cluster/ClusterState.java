package dev.wimigrate.identity.cluster;

import java.util.List;
import java.util.Set;

/**
 * The parts of an AKS managed cluster the service reads and changes.
 *
 * @param provisioningState ARM's state of the cluster's last operation ({@code Succeeded}, {@code
 *     Updating}, …)
 * @param issuerUrl the OIDC issuer URL exactly as AKS reports it (trailing slash included), or null
 * @param podIdentities the pod identity entries as {@code namespace/name}
 */
public record ClusterState(
    String provisioningState,
    boolean oidcIssuerEnabled,
    String issuerUrl,
    boolean workloadIdentityEnabled,
    boolean podIdentityEnabled,
    List<String> podIdentities) {

  /** ARM's terminal provisioning states: no operation is running. */
  public static final Set<String> TERMINAL = Set.of("Succeeded", "Failed", "Canceled");

  public ClusterState {
    podIdentities = List.copyOf(podIdentities);
  }

  /** An operation is running on the cluster: ARM refuses writes until it ends. */
  public boolean busy() {
    return provisioningState != null
        && TERMINAL.stream().noneMatch(s -> s.equalsIgnoreCase(provisioningState));
  }
}
