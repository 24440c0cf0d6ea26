package dev.wimigrate.federation.planning;

import dev.wimigrate.federation.credentials.FederatedCredential;
import java.util.List;

/** Pure rules for creating a federated credential within Azure's per-identity limit. */
public final class CredentialPlanner {

  /** Azure allows at most this many federated credentials on one user-assigned identity. */
  public static final int AZURE_LIMIT = 20;

  private CredentialPlanner() {}

  public static CredentialDecision decide(
      List<FederatedCredential> existing, FederatedCredential wanted, int limit) {
    for (FederatedCredential credential : existing) {
      if (credential.name().equalsIgnoreCase(wanted.name())) {
        return credential.sameSettingsAs(wanted)
            ? new CredentialDecision.AlreadyPresent(credential)
            : new CredentialDecision.Write(wanted, true);
      }
    }
    for (FederatedCredential credential : existing) {
      // Azure refuses a second credential with the same issuer and subject, and the trust it
      // would grant is already there: adopt the existing one (a re-run, or created by hand)
      if (credential.trustsSameAs(wanted)) {
        return credential.audiences().equals(wanted.audiences())
            ? new CredentialDecision.AlreadyPresent(credential)
            : new CredentialDecision.Conflict(credential);
      }
    }
    if (existing.size() >= limit) {
      return new CredentialDecision.OverBudget(limit, existing);
    }
    return new CredentialDecision.Write(wanted, false);
  }
}
