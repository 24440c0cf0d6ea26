package dev.wimigrate.testkit.azure.rules;

import dev.wimigrate.testkit.azure.rules.ArmThrottling.Bucket;
import dev.wimigrate.testkit.azure.rules.ArmThrottling.OperationKind;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The state of ARM's token buckets: one per (subscription, caller, kind of operation), one per
 * (subscription, kind) across callers, and, when switched on, the Managed Identity RP's per-second
 * buckets. Time comes from the emulator's clock, so tests that move a clock by hand see exact
 * refills. A request either takes a token from every bucket it touches or is refused with 429 and
 * takes none.
 */
public final class ArmThrottle {

  /** What a request needs to know to be counted. */
  public record Request(
      String subscriptionId,
      String tenantId,
      String principalId,
      OperationKind kind,
      ProviderOperation providerOperation,
      String resourceKey) {}

  /** The Managed Identity RP's operation classes (null when not that provider). */
  public enum ProviderOperation {
    CREATE_OR_UPDATE,
    GET,
    LIST,
    DELETE
  }

  /** Remaining tokens after an accepted request, for the {@code x-ms-ratelimit-*} headers. */
  public record Remaining(OperationKind kind, long caller, long global, boolean tenantScope) {}

  private final Clock clock;
  private final Supplier<ArmThrottling> settings;
  private final Map<String, State> buckets = new HashMap<>();
  private final AtomicLong throttled = new AtomicLong();

  public ArmThrottle(Clock clock, Supplier<ArmThrottling> settings) {
    this.clock = clock;
    this.settings = settings;
  }

  /**
   * Takes one token from each bucket the request touches.
   *
   * @return the remaining tokens, or null when throttling is off
   * @throws ArmException 429 with {@link ArmException#retryAfterSeconds()} when a bucket is empty
   */
  public synchronized Remaining take(Request request) {
    ArmThrottling s = settings.get();
    if (!s.enabled()) {
      return null;
    }
    Instant now = clock.instant();
    Bucket bucket = s.bucket(request.kind());
    boolean tenantScope = request.subscriptionId() == null;
    String scope =
        tenantScope
            ? "tenant/" + request.tenantId()
            : "sub/" + request.subscriptionId().toLowerCase(Locale.ROOT);
    String kind = request.kind().plural();
    Map<State, Bucket> touched = new LinkedHashMap<>();
    State caller = state(scope + "/caller/" + request.principalId() + "/" + kind, bucket, now);
    touched.put(caller, bucket);
    State global = null;
    if (!tenantScope) {
      Bucket globalBucket = bucket.times(s.globalMultiplier());
      global = state(scope + "/global/" + kind, globalBucket, now);
      touched.put(global, globalBucket);
    }
    for (Map.Entry<State, Bucket> e : touched.entrySet()) {
      if (e.getKey().tokens < 1) {
        throttled.incrementAndGet();
        long wait = secondsUntilToken(e.getKey(), e.getValue());
        String message =
            "Number of '"
                + request.kind().singular()
                + "' requests for "
                + (tenantScope
                    ? "tenant '" + request.tenantId() + "'"
                    : "subscription '" + request.subscriptionId() + "'")
                + (e.getKey() == global ? "" : " actor '" + request.principalId() + "'")
                + " exceeded. Please try again after '"
                + wait
                + "' seconds after the additional tokens are replenished.";
        throw new ArmException(
                429,
                tenantScope ? "TenantRequestsThrottled" : "SubscriptionRequestsThrottled",
                message)
            .withRetryAfter(wait, "gateway");
      }
    }
    if (s.managedIdentityProvider().enabled() && request.providerOperation() != null) {
      takeProvider(s.managedIdentityProvider(), request, now);
    }
    touched.keySet().forEach(st -> st.tokens -= 1);
    return new Remaining(
        request.kind(),
        (long) Math.floor(caller.tokens),
        global == null ? -1 : (long) Math.floor(global.tokens),
        tenantScope);
  }

  private void takeProvider(ArmThrottling.ProviderLimits limits, Request request, Instant now) {
    ArmThrottling.Rate rate;
    switch (request.providerOperation()) {
      case CREATE_OR_UPDATE:
        rate = limits.createOrUpdate();
        break;
      case GET:
        rate = limits.get();
        break;
      case LIST:
        rate = limits.list();
        break;
      default:
        rate = limits.delete();
        break;
    }
    String op = request.providerOperation().name();
    Map<State, Bucket> touched = new LinkedHashMap<>();
    Bucket tenant = Bucket.perSecond(rate.perTenant());
    touched.put(state("rp/tenant/" + request.tenantId() + "/" + op, tenant, now), tenant);
    if (request.subscriptionId() != null) {
      Bucket sub = Bucket.perSecond(rate.perSubscription());
      touched.put(
          state("rp/sub/" + request.subscriptionId().toLowerCase(Locale.ROOT) + "/" + op, sub, now),
          sub);
    }
    if (request.resourceKey() != null) {
      Bucket res = Bucket.perSecond(rate.perResource());
      touched.put(
          state("rp/res/" + request.resourceKey().toLowerCase(Locale.ROOT) + "/" + op, res, now),
          res);
    }
    for (Map.Entry<State, Bucket> e : touched.entrySet()) {
      if (e.getKey().tokens < 1) {
        throttled.incrementAndGet();
        long wait = secondsUntilToken(e.getKey(), e.getValue());
        throw new ArmException(
                429,
                "TooManyRequests",
                "Too many requests to Microsoft.ManagedIdentity ("
                    + op.toLowerCase(Locale.ROOT).replace('_', '-')
                    + "). Please try again after '"
                    + wait
                    + "' seconds.")
            .withRetryAfter(wait, "service");
      }
    }
    touched.keySet().forEach(st -> st.tokens -= 1);
  }

  /** Requests refused with 429 since the start (or the last reset). */
  public long throttledCount() {
    return throttled.get();
  }

  /** Forgets all buckets (they start full again) and the throttled count. */
  public synchronized void reset() {
    buckets.clear();
    throttled.set(0);
  }

  private State state(String key, Bucket bucket, Instant now) {
    State st = buckets.computeIfAbsent(key, k -> new State(bucket.capacity(), now));
    double elapsed = Math.max(0, (now.toEpochMilli() - st.at.toEpochMilli()) / 1000.0);
    st.tokens = Math.min(bucket.capacity(), st.tokens + elapsed * bucket.refillPerSecond());
    st.at = now;
    return st;
  }

  private static long secondsUntilToken(State st, Bucket bucket) {
    return Math.max(1, (long) Math.ceil((1 - st.tokens) / bucket.refillPerSecond()));
  }

  private static final class State {
    double tokens;
    Instant at;

    State(double tokens, Instant at) {
      this.tokens = tokens;
      this.at = at;
    }
  }
}
