package dev.wimigrate.testkit.azure.arm;

import java.time.Instant;
import java.util.List;

/**
 * A federated identity credential under a managed identity.
 *
 * @param effectiveFrom when Entra starts honouring it (creation or last change plus the propagation
 *     delay); before that it exists in ARM but matches no token request
 */
public record FederatedCredential(
    String id,
    String name,
    String identityId,
    String issuer,
    String subject,
    List<String> audiences,
    Instant effectiveFrom) {

  public static final String TYPE =
      "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials";

  public FederatedCredential {
    audiences = List.copyOf(audiences);
  }

  public boolean propagatedAt(Instant now) {
    return !now.isBefore(effectiveFrom);
  }

  boolean sameContent(String issuer, String subject, List<String> audiences) {
    return this.issuer.equals(issuer)
        && this.subject.equals(subject)
        && this.audiences.equals(audiences);
  }
}
