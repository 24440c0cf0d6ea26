package dev.wimigrate.inventory.planning;

import java.util.List;

/**
 * One federated identity credential: issuer × service account on one identity.
 *
 * @param issuer the clusters' OIDC issuer; null while it is not enabled yet (then the credential is
 *     created after the cluster step, and cannot exist already)
 * @param clusterIds the clusters with that issuer (one on AKS, where every cluster has its own)
 * @param name wimigrate's deterministic credential name, null while the issuer is unknown
 * @param exists it is already there: it counts against the budget but is not created again
 */
public record FederatedCredentialPlan(
    String issuer,
    List<String> clusterIds,
    String namespace,
    String serviceAccount,
    String subject,
    String name,
    CredentialUse use,
    boolean exists) {

  public FederatedCredentialPlan {
    clusterIds = List.copyOf(clusterIds);
  }
}
