package dev.wimigrate.events.cluster;

import static dev.wimigrate.events.Samples.CART;
import static dev.wimigrate.events.Samples.CART_SA;
import static dev.wimigrate.events.Samples.CLIENT_ID;
import static dev.wimigrate.events.Samples.TENANT_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wimigrate.events.Samples;
import dev.wimigrate.events.common.InvalidFieldException;
import dev.wimigrate.events.common.ServiceAccountRef;
import dev.wimigrate.events.common.StepRef;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClusterCommandTest {
  final StepRef step = Samples.step("s");

  @Test
  void commandsAreKeyedByClusterAndAboutTheirWorkload() {
    ClusterCommand rollout = new RolloutRestart(step, CART, true);

    assertThat(rollout.partitionKey()).isEqualTo("prod-weu-01");
    assertThat(rollout.ceSubject()).isEqualTo(CART.key());
    assertThat(rollout.dryRun()).isTrue();
  }

  @Test
  void requestSnapshotIsClusterWideAndNeverADryRun() {
    ClusterCommand snapshot = new RequestSnapshot(step, "prod-weu-01");

    assertThat(snapshot.workload()).isNull();
    assertThat(snapshot.dryRun()).isFalse();
    assertThat(snapshot.partitionKey()).isEqualTo("prod-weu-01");
    assertThat(snapshot.ceSubject()).isEqualTo("prod-weu-01");
  }

  @Test
  void resultsAreKeyedByWorkload() {
    assertThat(new WorkloadRolledOut(step, CART, "cart-7d9f8c6b5").partitionKey())
        .isEqualTo(CART.key());
  }

  @Test
  void serviceAccountMustLiveInTheWorkloadsNamespace() {
    assertThatThrownBy(
            () ->
                new EnsureServiceAccount(
                    step,
                    CART,
                    new ServiceAccountRef("other", "cart"),
                    CLIENT_ID,
                    TENANT_ID,
                    null,
                    false))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessage(
            "serviceAccount.namespace must be the workload's namespace \"shop\", got \"other\"");
  }

  @Test
  void tokenExpirationMustBeWithinTheWebhooksRange() {
    assertThat(
            new EnsureServiceAccount(step, CART, CART_SA, CLIENT_ID, TENANT_ID, 86400L, false)
                .tokenExpirationSeconds())
        .isEqualTo(86400L);
    assertThatThrownBy(
            () -> new EnsureServiceAccount(step, CART, CART_SA, CLIENT_ID, TENANT_ID, 600L, false))
        .hasMessage("tokenExpirationSeconds must be between 3600 and 86400, got 600");
  }

  @Test
  void proxyPortOnlyComesWithTheSidecar() {
    assertThat(new PatchWorkload(step, CART, "cart", true, null, true, false).proxySidecarPort())
        .isNull();
    assertThatThrownBy(() -> new PatchWorkload(step, CART, "cart", false, 8080, true, false))
        .hasMessage("proxySidecarPort must be absent unless injectProxySidecar is true");
    assertThatThrownBy(() -> new PatchWorkload(step, CART, "cart", true, 70000, true, false))
        .hasMessage("proxySidecarPort must be between 1 and 65535, got 70000");
  }

  @Test
  void verificationNeedsTime() {
    assertThatThrownBy(() -> new VerifyWorkload(step, CART, Duration.ZERO, false))
        .hasMessage("timeout must be positive, got PT0S");
  }

  @Test
  void diffsNeverCarryATokenButMayBeEmpty() {
    assertThat(new WorkloadPatched(step, CART, false, "").diff()).isEmpty();
    assertThatThrownBy(
            () ->
                new WorkloadPatched(
                    step, CART, true, "+ env: eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.sig"))
        .hasMessageStartingWith("diff must not contain a token");
    assertThatThrownBy(
            () ->
                new ServiceAccountReady(
                    step, CART, CART_SA, true, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."))
        .hasMessageStartingWith("diff must not contain a token");
  }

  @Test
  void cleanupNeedsTheIdentityItRemoves() {
    assertThatThrownBy(() -> new CleanupPodIdentity(step, CART, "id-cart", false))
        .hasMessageStartingWith(
            "identityResourceId must be the ARM id of a user-assigned managed identity");
  }
}
