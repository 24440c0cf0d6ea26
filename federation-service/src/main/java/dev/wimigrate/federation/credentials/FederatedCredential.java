package dev.wimigrate.federation.credentials;

import java.util.List;

/** A federated identity credential as ARM stores it on a user-assigned identity. */
public record FederatedCredential(
    String name, String issuer, String subject, List<String> audiences) {

  public FederatedCredential {
    audiences = List.copyOf(audiences);
  }

  /** Same trust: Entra matches issuer and subject exactly (case and trailing slash count). */
  public boolean trustsSameAs(FederatedCredential other) {
    return issuer.equals(other.issuer) && subject.equals(other.subject);
  }

  public boolean sameSettingsAs(FederatedCredential other) {
    return trustsSameAs(other) && audiences.equals(other.audiences);
  }
}
