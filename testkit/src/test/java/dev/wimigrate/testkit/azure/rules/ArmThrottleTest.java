package dev.wimigrate.testkit.azure.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wimigrate.testkit.azure.rules.ArmThrottle.ProviderOperation;
import dev.wimigrate.testkit.azure.rules.ArmThrottling.Bucket;
import dev.wimigrate.testkit.azure.rules.ArmThrottling.OperationKind;
import dev.wimigrate.testkit.time.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** ARM's token buckets and the Managed Identity RP's per-second limits, on a hand-moved clock. */
class ArmThrottleTest {

  static final String SUB = "00000000-0000-0000-0000-00000000aaaa";
  static final String TENANT = "00000000-0000-0000-0000-00000000bbbb";

  final MutableClock clock = new MutableClock();

  static ArmThrottle.Request write(String principal) {
    return new ArmThrottle.Request(SUB, TENANT, principal, OperationKind.WRITE, null, null);
  }

  static ArmThrottle.Request request(String principal, OperationKind kind) {
    return new ArmThrottle.Request(SUB, TENANT, principal, kind, null, null);
  }

  static ArmThrottle.Request identityWrite(String identity) {
    return new ArmThrottle.Request(
        SUB,
        TENANT,
        "caller",
        OperationKind.WRITE,
        ProviderOperation.CREATE_OR_UPDATE,
        "/subscriptions/"
            + SUB
            + "/resourceGroups/rg/providers/x/userAssignedIdentities/"
            + identity);
  }

  static ArmException throttled(Runnable call) {
    try {
      call.run();
    } catch (ArmException e) {
      return e;
    }
    throw new AssertionError("the request was not throttled");
  }

  @Test
  void emptyBucketAnswers429WithRetryAfterUntilTheRefillAddsAToken() {
    ArmThrottle throttle =
        new ArmThrottle(clock, () -> ArmThrottling.azure().withWrites(new Bucket(3, 0.5)));

    assertThat(throttle.take(write("a")).caller()).isEqualTo(2);
    assertThat(throttle.take(write("a")).caller()).isEqualTo(1);
    assertThat(throttle.take(write("a")).caller()).isZero();
    ArmException refused = throttled(() -> throttle.take(write("a")));

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.code()).isEqualTo("SubscriptionRequestsThrottled");
    assertThat(refused.retryAfterSeconds()).isEqualTo(2);
    assertThat(refused.failureCause()).isEqualTo("gateway");
    assertThat(refused.getMessage())
        .contains("Number of 'write' requests for subscription '" + SUB + "' actor 'a' exceeded");
    assertThat(throttle.throttledCount()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(throttled(() -> throttle.take(write("a"))).retryAfterSeconds()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(throttle.take(write("a")).caller()).isZero();
    assertThat(throttle.throttledCount()).isEqualTo(2);
  }

  @Test
  void eachCallerHasItsOwnBucketWhileTheSubscriptionWideBucketIsShared() {
    ArmThrottle throttle =
        new ArmThrottle(
            clock,
            () -> ArmThrottling.azure().withWrites(new Bucket(2, 1)).withGlobalMultiplier(2));

    throttle.take(write("a"));
    ArmThrottle.Remaining second = throttle.take(write("a"));
    ArmException aIsOut = throttled(() -> throttle.take(write("a")));
    throttle.take(write("b"));
    ArmThrottle.Remaining lastOfAll = throttle.take(write("b"));
    ArmException subscriptionIsOut = throttled(() -> throttle.take(write("c")));

    assertThat(second.caller()).isZero();
    assertThat(second.global()).isEqualTo(2);
    assertThat(aIsOut.getMessage()).contains("actor 'a'");
    assertThat(lastOfAll.global()).isZero();
    assertThat(subscriptionIsOut.code()).isEqualTo("SubscriptionRequestsThrottled");
    assertThat(subscriptionIsOut.getMessage()).doesNotContain("actor");
  }

  @Test
  void readsWritesAndDeletesDrawFromSeparateBuckets() {
    ArmThrottle throttle =
        new ArmThrottle(
            clock,
            () ->
                ArmThrottling.azure()
                    .withReads(new Bucket(1, 1))
                    .withWrites(new Bucket(1, 1))
                    .withDeletes(new Bucket(1, 1)));

    assertThat(throttle.take(request("a", OperationKind.READ)).kind())
        .isEqualTo(OperationKind.READ);
    throttle.take(request("a", OperationKind.WRITE));
    throttle.take(request("a", OperationKind.DELETE));

    assertThat(throttled(() -> throttle.take(request("a", OperationKind.READ))).getMessage())
        .contains("'read'");
    assertThat(throttled(() -> throttle.take(request("a", OperationKind.DELETE))).getMessage())
        .contains("'delete'");
  }

  @Test
  void refusedRequestTakesNoTokenFromTheOtherBuckets() {
    ArmThrottle throttle =
        new ArmThrottle(
            clock,
            () -> ArmThrottling.azure().withWrites(new Bucket(2, 1)).withGlobalMultiplier(1));

    throttle.take(write("a"));
    throttle.take(write("b"));
    throttled(() -> throttle.take(write("a")));

    // the refusal took nothing from a's own bucket: one token left plus one refilled, minus this
    clock.advance(Duration.ofSeconds(1));
    assertThat(throttle.take(write("a")).caller()).isEqualTo(1);
  }

  @Test
  void managedIdentityProviderAllowsOneWritePerIdentityEveryFourSeconds() {
    ArmThrottling.ProviderLimits rp = ArmThrottling.ProviderLimits.managedIdentity();
    ArmThrottle throttle =
        new ArmThrottle(clock, () -> ArmThrottling.azure().withManagedIdentityProvider(rp));

    throttle.take(identityWrite("one"));
    ArmException sameIdentity = throttled(() -> throttle.take(identityWrite("one")));
    throttle.take(identityWrite("two"));
    ArmException thirdInTheSecond = throttled(() -> throttle.take(identityWrite("three")));

    assertThat(sameIdentity.status()).isEqualTo(429);
    assertThat(sameIdentity.code()).isEqualTo("TooManyRequests");
    assertThat(sameIdentity.retryAfterSeconds()).isEqualTo(4);
    assertThat(sameIdentity.failureCause()).isEqualTo("service");
    // 2 create-or-update per second per subscription
    assertThat(thirdInTheSecond.retryAfterSeconds()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(4));
    throttle.take(identityWrite("one"));
    assertThat(throttle.throttledCount()).isEqualTo(2);
  }

  @Test
  void switchedOffThrottlingCountsNothing() {
    ArmThrottle throttle =
        new ArmThrottle(clock, () -> ArmThrottling.off().withWrites(new Bucket(1, 1)));

    for (int i = 0; i < 100; i++) {
      assertThat(throttle.take(write("a"))).isNull();
    }
    assertThat(throttle.throttledCount()).isZero();
  }

  @Test
  void tenantScopedRequestsUseTheTenantBucket() {
    ArmThrottle throttle =
        new ArmThrottle(clock, () -> ArmThrottling.azure().withReads(new Bucket(1, 1)));
    ArmThrottle.Request tenantRead =
        new ArmThrottle.Request(null, TENANT, "a", OperationKind.READ, null, null);

    assertThat(throttle.take(tenantRead).tenantScope()).isTrue();
    ArmException refused = throttled(() -> throttle.take(tenantRead));

    assertThat(refused.code()).isEqualTo("TenantRequestsThrottled");
    assertThatThrownBy(() -> throttle.take(tenantRead)).isInstanceOf(ArmException.class);
  }
}
