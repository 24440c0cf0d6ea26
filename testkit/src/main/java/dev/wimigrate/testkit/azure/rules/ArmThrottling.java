package dev.wimigrate.testkit.azure.rules;

import java.util.Objects;

/**
 * ARM's throttling as the emulator enforces it. ARM (since 2024) keeps a token bucket per
 * subscription and caller (service principal) and per kind of operation, and one per subscription
 * across all callers ({@code globalMultiplier} × the per-caller numbers). The Managed Identity
 * resource provider throttles further, per second, per tenant, subscription and resource.
 *
 * @param enabled whether ARM's buckets apply at all
 * @param reads bucket of GET/HEAD requests (Azure: 250, refill 25/s)
 * @param writes bucket of PUT/PATCH/POST requests (Azure: 200, refill 10/s)
 * @param deletes bucket of DELETE requests (Azure: 200, refill 10/s)
 * @param globalMultiplier the all-callers bucket per subscription is this many times larger
 * @param managedIdentityProvider the Managed Identity RP's per-second limits
 */
public record ArmThrottling(
    boolean enabled,
    Bucket reads,
    Bucket writes,
    Bucket deletes,
    int globalMultiplier,
    ProviderLimits managedIdentityProvider) {

  public ArmThrottling {
    Objects.requireNonNull(reads);
    Objects.requireNonNull(writes);
    Objects.requireNonNull(deletes);
    Objects.requireNonNull(managedIdentityProvider);
    if (globalMultiplier < 1) {
      throw new IllegalArgumentException("globalMultiplier must be >= 1");
    }
  }

  /**
   * ARM's documented buckets, on; the Managed Identity RP's per-second limits are defined with
   * Azure's numbers but off (they make any test that writes 20 FICs take 10 s).
   */
  public static ArmThrottling azure() {
    return new ArmThrottling(
        true,
        new Bucket(250, 25),
        new Bucket(200, 10),
        new Bucket(200, 10),
        15,
        ProviderLimits.managedIdentity().withEnabled(false));
  }

  /** No throttling at all. */
  public static ArmThrottling off() {
    return azure().withEnabled(false);
  }

  public ArmThrottling withEnabled(boolean value) {
    return new ArmThrottling(
        value, reads, writes, deletes, globalMultiplier, managedIdentityProvider);
  }

  public ArmThrottling withReads(Bucket value) {
    return new ArmThrottling(
        enabled, value, writes, deletes, globalMultiplier, managedIdentityProvider);
  }

  public ArmThrottling withWrites(Bucket value) {
    return new ArmThrottling(
        enabled, reads, value, deletes, globalMultiplier, managedIdentityProvider);
  }

  public ArmThrottling withDeletes(Bucket value) {
    return new ArmThrottling(
        enabled, reads, writes, value, globalMultiplier, managedIdentityProvider);
  }

  public ArmThrottling withGlobalMultiplier(int value) {
    return new ArmThrottling(enabled, reads, writes, deletes, value, managedIdentityProvider);
  }

  public ArmThrottling withManagedIdentityProvider(ProviderLimits value) {
    return new ArmThrottling(enabled, reads, writes, deletes, globalMultiplier, value);
  }

  /** The bucket of one kind of operation. */
  public Bucket bucket(OperationKind kind) {
    switch (kind) {
      case READ:
        return reads;
      case WRITE:
        return writes;
      default:
        return deletes;
    }
  }

  /** ARM's kinds of operation, each with its own bucket. */
  public enum OperationKind {
    READ("reads", "read"),
    WRITE("writes", "write"),
    DELETE("deletes", "delete");

    private final String plural;
    private final String singular;

    OperationKind(String plural, String singular) {
      this.plural = plural;
      this.singular = singular;
    }

    /** As in {@code x-ms-ratelimit-remaining-subscription-reads}. */
    public String plural() {
      return plural;
    }

    /** As in ARM's throttling message ("Number of 'write' requests …"). */
    public String singular() {
      return singular;
    }

    public static OperationKind of(String httpMethod) {
      switch (httpMethod) {
        case "GET":
        case "HEAD":
          return READ;
        case "DELETE":
          return DELETE;
        default:
          return WRITE;
      }
    }
  }

  /**
   * A token bucket: starts full, holds at most {@code capacity} tokens, refills continuously.
   *
   * @param capacity tokens when full
   * @param refillPerSecond tokens added per second (may be fractional, e.g. 0.25)
   */
  public record Bucket(double capacity, double refillPerSecond) {
    public Bucket {
      if (capacity < 1 || refillPerSecond <= 0) {
        throw new IllegalArgumentException("a bucket needs capacity >= 1 and refill > 0");
      }
    }

    public Bucket times(int factor) {
      return new Bucket(capacity * factor, refillPerSecond * factor);
    }

    /** A per-second limit as a bucket: {@code rate} requests per second, bursts up to that. */
    public static Bucket perSecond(double rate) {
      return new Bucket(Math.max(1, rate), rate);
    }
  }

  /**
   * A resource provider's per-second limits by operation, per tenant / subscription / resource.
   * Azure's Managed Identity numbers: create-or-update 10/2/0.25, get 30/10/0.5, list 15/5/0.25,
   * delete 10/2/0.25. FIC writes are create-or-update on the identity's provider.
   */
  public record ProviderLimits(
      boolean enabled, Rate createOrUpdate, Rate get, Rate list, Rate delete) {

    public static ProviderLimits managedIdentity() {
      return new ProviderLimits(
          true,
          new Rate(10, 2, 0.25),
          new Rate(30, 10, 0.5),
          new Rate(15, 5, 0.25),
          new Rate(10, 2, 0.25));
    }

    public ProviderLimits withEnabled(boolean value) {
      return new ProviderLimits(value, createOrUpdate, get, list, delete);
    }
  }

  /** Requests per second allowed per tenant, per subscription and per single resource. */
  public record Rate(double perTenant, double perSubscription, double perResource) {}
}
