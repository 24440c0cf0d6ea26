package dev.wimigrate.federation.propagation;

import dev.wimigrate.federation.credentials.FederatedCredential;
import java.util.List;
import java.util.Optional;

/**
 * Explains why a service-account token can never match a federated credential. Entra compares
 * issuer and subject as exact strings, so the usual mistakes (a trailing slash on the issuer, the
 * subject's case) only show as "no matching federated identity record", the same answer as a
 * credential that has not propagated yet. Comparing the token's own claims tells the two apart.
 */
public final class ClaimsMismatch {

  private ClaimsMismatch() {}

  public static Optional<String> explain(
      String tokenIssuer,
      String tokenSubject,
      List<String> tokenAudiences,
      FederatedCredential credential) {
    Optional<String> issuer = differs("issuer", credential.issuer(), tokenIssuer);
    if (issuer.isPresent()) {
      return issuer;
    }
    Optional<String> subject = differs("subject", credential.subject(), tokenSubject);
    if (subject.isPresent()) {
      return subject;
    }
    if (credential.audiences().stream().noneMatch(tokenAudiences::contains)) {
      return Optional.of(
          "the credential's audiences "
              + credential.audiences()
              + " are not among the token's audiences "
              + tokenAudiences);
    }
    return Optional.empty();
  }

  private static Optional<String> differs(String what, String configured, String presented) {
    if (configured.equals(presented)) {
      return Optional.empty();
    }
    String why;
    if (presented == null) {
      why = "the token has no " + what;
    } else if (strip(configured).equals(strip(presented))) {
      why = "only a trailing slash differs";
    } else if (configured.equalsIgnoreCase(presented)) {
      why = "only letter case differs, and Entra compares exactly";
    } else {
      why = "they are different values";
    }
    return Optional.of(
        "the credential's "
            + what
            + " '"
            + configured
            + "' does not equal the token's '"
            + presented
            + "': "
            + why);
  }

  private static String strip(String value) {
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }
}
