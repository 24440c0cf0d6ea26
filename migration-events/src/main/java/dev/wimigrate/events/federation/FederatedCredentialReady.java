package dev.wimigrate.events.federation;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.InvalidFieldException;
import dev.wimigrate.events.common.SchemaHint;
import dev.wimigrate.events.common.StepRef;
import java.time.Duration;

/**
 * The FIC exists and Entra accepts it ({@code propagationWaited} is how long that took to verify);
 * {@code created} is false when it already existed.
 */
public record FederatedCredentialReady(
    StepRef step,
    String identityResourceId,
    @SchemaHint(pattern = FederatedCredentialName.PATTERN) String credentialName,
    @SchemaHint(format = "uri") String issuer,
    String subject,
    boolean created,
    Duration propagationWaited)
    implements FederationResult {

  public static final String TYPE = "dev.wimigrate.federation.FederatedCredentialReady.v1";

  public FederatedCredentialReady {
    Checks.notNull("step", step);
    Checks.managedIdentityId("identityResourceId", identityResourceId);
    FederatedCredentialName.check("credentialName", credentialName);
    Checks.httpsUrl("issuer", issuer);
    Checks.notBlank("subject", subject);
    if (Checks.notNull("propagationWaited", propagationWaited).isNegative()) {
      throw new InvalidFieldException(
          "propagationWaited", "must not be negative, got " + propagationWaited);
    }
  }
}
