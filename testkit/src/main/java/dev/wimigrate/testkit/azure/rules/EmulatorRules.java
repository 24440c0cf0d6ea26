package dev.wimigrate.testkit.azure.rules;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The switches of the Azure emulator's rules. Defaults follow Azure where it is documented; where
 * Azure's exact behaviour is not public (the error for the 21st FIC) the value is configurable.
 *
 * @param ficLimit most federated identity credentials per identity (Azure: 20)
 * @param ficLimitError the error returned for one credential too many
 * @param ficWriteHold how long one FIC write holds its identity; another FIC write to the same
 *     identity in that window is refused with 409 (Azure refuses concurrent writes)
 * @param ficPropagationDelay how long a new or changed FIC exists in ARM without matching token
 *     requests yet (Azure: seconds up to minutes)
 * @param issuerKeyTtl how long an external issuer's discovery document and keys are cached
 * @param clockSkew tolerance on an assertion's {@code exp}/{@code nbf}
 * @param noMatchCodes whether a FIC mismatch answers AADSTS70021 or the split 700211/700212/700213
 * @param accessTokenLifetime lifetime of the access tokens the emulator issues
 * @param apiVersions the {@code api-version} values ARM accepts for Microsoft.ManagedIdentity
 */
public record EmulatorRules(
    int ficLimit,
    ArmErrorSpec ficLimitError,
    Duration ficWriteHold,
    Duration ficPropagationDelay,
    Duration issuerKeyTtl,
    Duration clockSkew,
    NoMatchCodes noMatchCodes,
    Duration accessTokenLifetime,
    Set<String> apiVersions) {

  /** The api-versions the emulator accepts unless told otherwise. */
  public static final Set<String> DEFAULT_API_VERSIONS = Set.of("2023-01-31", "2024-11-30");

  /** Default error for the 21st credential: not documented publicly, so ours (400 BadRequest). */
  public static final ArmErrorSpec DEFAULT_FIC_LIMIT_ERROR =
      new ArmErrorSpec(
          400,
          "BadRequest",
          "The managed identity '%s' already has the maximum number of Federated Identity"
              + " Credentials (%d). Delete an existing Federated Identity Credential before"
              + " adding a new one.");

  public EmulatorRules {
    if (ficLimit < 0) {
      throw new IllegalArgumentException("ficLimit must be >= 0");
    }
    Objects.requireNonNull(ficLimitError);
    requireNonNegative(ficWriteHold, "ficWriteHold");
    requireNonNegative(ficPropagationDelay, "ficPropagationDelay");
    requireNonNegative(issuerKeyTtl, "issuerKeyTtl");
    requireNonNegative(clockSkew, "clockSkew");
    Objects.requireNonNull(noMatchCodes);
    requireNonNegative(accessTokenLifetime, "accessTokenLifetime");
    apiVersions = Set.copyOf(apiVersions);
  }

  public static EmulatorRules defaults() {
    return new EmulatorRules(
        20,
        DEFAULT_FIC_LIMIT_ERROR,
        Duration.ofMillis(200),
        Duration.ZERO,
        Duration.ofSeconds(60),
        Duration.ofMinutes(5),
        NoMatchCodes.COMBINED,
        Duration.ofSeconds(3599),
        DEFAULT_API_VERSIONS);
  }

  public EmulatorRules withFicLimit(int limit) {
    return new EmulatorRules(
        limit,
        ficLimitError,
        ficWriteHold,
        ficPropagationDelay,
        issuerKeyTtl,
        clockSkew,
        noMatchCodes,
        accessTokenLifetime,
        apiVersions);
  }

  public EmulatorRules withFicLimitError(ArmErrorSpec error) {
    return new EmulatorRules(
        ficLimit,
        error,
        ficWriteHold,
        ficPropagationDelay,
        issuerKeyTtl,
        clockSkew,
        noMatchCodes,
        accessTokenLifetime,
        apiVersions);
  }

  public EmulatorRules withFicWriteHold(Duration hold) {
    return new EmulatorRules(
        ficLimit,
        ficLimitError,
        hold,
        ficPropagationDelay,
        issuerKeyTtl,
        clockSkew,
        noMatchCodes,
        accessTokenLifetime,
        apiVersions);
  }

  public EmulatorRules withFicPropagationDelay(Duration delay) {
    return new EmulatorRules(
        ficLimit,
        ficLimitError,
        ficWriteHold,
        delay,
        issuerKeyTtl,
        clockSkew,
        noMatchCodes,
        accessTokenLifetime,
        apiVersions);
  }

  public EmulatorRules withIssuerKeyTtl(Duration ttl) {
    return new EmulatorRules(
        ficLimit,
        ficLimitError,
        ficWriteHold,
        ficPropagationDelay,
        ttl,
        clockSkew,
        noMatchCodes,
        accessTokenLifetime,
        apiVersions);
  }

  public EmulatorRules withClockSkew(Duration skew) {
    return new EmulatorRules(
        ficLimit,
        ficLimitError,
        ficWriteHold,
        ficPropagationDelay,
        issuerKeyTtl,
        skew,
        noMatchCodes,
        accessTokenLifetime,
        apiVersions);
  }

  public EmulatorRules withNoMatchCodes(NoMatchCodes codes) {
    return new EmulatorRules(
        ficLimit,
        ficLimitError,
        ficWriteHold,
        ficPropagationDelay,
        issuerKeyTtl,
        clockSkew,
        codes,
        accessTokenLifetime,
        apiVersions);
  }

  public EmulatorRules withAccessTokenLifetime(Duration lifetime) {
    return new EmulatorRules(
        ficLimit,
        ficLimitError,
        ficWriteHold,
        ficPropagationDelay,
        issuerKeyTtl,
        clockSkew,
        noMatchCodes,
        lifetime,
        apiVersions);
  }

  public EmulatorRules withApiVersions(Set<String> versions) {
    return new EmulatorRules(
        ficLimit,
        ficLimitError,
        ficWriteHold,
        ficPropagationDelay,
        issuerKeyTtl,
        clockSkew,
        noMatchCodes,
        accessTokenLifetime,
        versions);
  }

  private static void requireNonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative");
    }
  }

  /**
   * An ARM error to return; {@code messageFormat} is a {@link String#format} pattern that receives
   * the identity's resource id and the limit.
   */
  public record ArmErrorSpec(int status, String code, String messageFormat) {}

  /** Which AADSTS codes a federated-credential mismatch produces. */
  public enum NoMatchCodes {
    /** AADSTS70021 for every mismatch (issuer, subject, audience, not yet propagated). */
    COMBINED,
    /** AADSTS700211 (issuer), 700213 (subject), 700212 (audience), as newer Entra answers. */
    SPLIT
  }
}
