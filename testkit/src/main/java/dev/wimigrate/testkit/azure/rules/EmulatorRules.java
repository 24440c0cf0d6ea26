package dev.wimigrate.testkit.azure.rules;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The switches of the Azure emulator's rules. Defaults follow Azure where it is documented; where
 * Azure's exact behaviour is not public (the error for the 21st FIC) the value is configurable. A
 * running emulator swaps its rules at once ({@code AzureEmulator.updateRules}), so each test can
 * switch a rule on or off.
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
 * @param throttling ARM's token buckets and the Managed Identity RP's per-second limits
 * @param faults injected failures of ARM calls
 * @param operations long-running operations of managed clusters
 * @param principalReplicationDelay how long a new identity's service principal is unknown to role
 *     assignments ({@code PrincipalNotFound}) unless the caller says {@code ServicePrincipal}
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
    Set<String> apiVersions,
    ArmThrottling throttling,
    FaultInjection faults,
    LongRunningOperations operations,
    Duration principalReplicationDelay) {

  /** The api-versions the emulator accepts unless told otherwise. */
  public static final Set<String> DEFAULT_API_VERSIONS =
      Set.of("2018-11-30", "2023-01-31", "2024-11-30");

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
    Objects.requireNonNull(throttling, "throttling");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(operations, "operations");
    requireNonNegative(principalReplicationDelay, "principalReplicationDelay");
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
        DEFAULT_API_VERSIONS,
        ArmThrottling.azure(),
        FaultInjection.none(),
        LongRunningOperations.defaults(),
        Duration.ZERO);
  }

  public EmulatorRules withFicLimit(int limit) {
    return copy(c -> c.ficLimit = limit);
  }

  public EmulatorRules withFicLimitError(ArmErrorSpec error) {
    return copy(c -> c.ficLimitError = error);
  }

  public EmulatorRules withFicWriteHold(Duration hold) {
    return copy(c -> c.ficWriteHold = hold);
  }

  public EmulatorRules withFicPropagationDelay(Duration delay) {
    return copy(c -> c.ficPropagationDelay = delay);
  }

  public EmulatorRules withIssuerKeyTtl(Duration ttl) {
    return copy(c -> c.issuerKeyTtl = ttl);
  }

  public EmulatorRules withClockSkew(Duration skew) {
    return copy(c -> c.clockSkew = skew);
  }

  public EmulatorRules withNoMatchCodes(NoMatchCodes codes) {
    return copy(c -> c.noMatchCodes = codes);
  }

  public EmulatorRules withAccessTokenLifetime(Duration lifetime) {
    return copy(c -> c.accessTokenLifetime = lifetime);
  }

  public EmulatorRules withApiVersions(Set<String> versions) {
    return copy(c -> c.apiVersions = versions);
  }

  public EmulatorRules withThrottling(ArmThrottling value) {
    return copy(c -> c.throttling = value);
  }

  public EmulatorRules withFaults(FaultInjection value) {
    return copy(c -> c.faults = value);
  }

  public EmulatorRules withOperations(LongRunningOperations value) {
    return copy(c -> c.operations = value);
  }

  public EmulatorRules withPrincipalReplicationDelay(Duration delay) {
    return copy(c -> c.principalReplicationDelay = delay);
  }

  private EmulatorRules copy(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  private static void requireNonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative");
    }
  }

  /** The mutable twin used by the {@code with…} methods. */
  private static final class Copy {
    int ficLimit;
    ArmErrorSpec ficLimitError;
    Duration ficWriteHold;
    Duration ficPropagationDelay;
    Duration issuerKeyTtl;
    Duration clockSkew;
    NoMatchCodes noMatchCodes;
    Duration accessTokenLifetime;
    Set<String> apiVersions;
    ArmThrottling throttling;
    FaultInjection faults;
    LongRunningOperations operations;
    Duration principalReplicationDelay;

    Copy(EmulatorRules r) {
      ficLimit = r.ficLimit;
      ficLimitError = r.ficLimitError;
      ficWriteHold = r.ficWriteHold;
      ficPropagationDelay = r.ficPropagationDelay;
      issuerKeyTtl = r.issuerKeyTtl;
      clockSkew = r.clockSkew;
      noMatchCodes = r.noMatchCodes;
      accessTokenLifetime = r.accessTokenLifetime;
      apiVersions = r.apiVersions;
      throttling = r.throttling;
      faults = r.faults;
      operations = r.operations;
      principalReplicationDelay = r.principalReplicationDelay;
    }

    EmulatorRules build() {
      return new EmulatorRules(
          ficLimit,
          ficLimitError,
          ficWriteHold,
          ficPropagationDelay,
          issuerKeyTtl,
          clockSkew,
          noMatchCodes,
          accessTokenLifetime,
          apiVersions,
          throttling,
          faults,
          operations,
          principalReplicationDelay);
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

  /**
   * Long-running operations (managed cluster PUT/PATCH/DELETE).
   *
   * @param pollsUntilDone how many polls of the operation answer {@code InProgress} before it
   *     succeeds (deterministic, independent of the clock); 0 = done at the first poll
   * @param retryAfterSeconds the {@code Retry-After} the emulator sends with LRO answers
   */
  public record LongRunningOperations(int pollsUntilDone, int retryAfterSeconds) {
    public LongRunningOperations {
      if (pollsUntilDone < 0 || retryAfterSeconds < 0) {
        throw new IllegalArgumentException("LRO settings must not be negative");
      }
    }

    public static LongRunningOperations defaults() {
      return new LongRunningOperations(1, 1);
    }
  }
}
