package dev.wimigrate.federation.planning;

import dev.wimigrate.federation.credentials.FederatedCredential;
import java.util.List;

/** What to do about one wanted federated credential, given what the identity already has. */
public sealed interface CredentialDecision {

  /** Nothing to write: a credential with these settings exists (under this name or another). */
  record AlreadyPresent(FederatedCredential existing) implements CredentialDecision {}

  /** Write it: new, or the name exists with other settings (an update uses no budget). */
  record Write(FederatedCredential wanted, boolean update) implements CredentialDecision {}

  /**
   * Another credential already trusts this issuer and subject, for other audiences: Azure refuses a
   * second one, and changing the first could break whoever relies on it.
   */
  record Conflict(FederatedCredential existing) implements CredentialDecision {}

  /** The identity's budget is spent: these are the credentials it holds. */
  record OverBudget(int limit, List<FederatedCredential> current) implements CredentialDecision {}
}
