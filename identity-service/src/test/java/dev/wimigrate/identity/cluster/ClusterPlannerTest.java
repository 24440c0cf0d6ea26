package dev.wimigrate.identity.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterPlannerTest {

  static final String ISSUER = "https://westeurope.oic.prod-aks.azure.com/t/c/";

  static ClusterState cluster(
      boolean oidc, boolean workloadIdentity, boolean podIdentity, String... podIdentities) {
    return new ClusterState(
        "Succeeded",
        oidc,
        oidc ? ISSUER : null,
        workloadIdentity,
        podIdentity,
        List.of(podIdentities));
  }

  @Test
  void aClusterWithoutOidcIssuerGetsBothSwitchedOnInOneWrite() {
    ClusterDecision decision = ClusterPlanner.enableWorkloadIdentity(cluster(false, false, true));

    assertThat(decision)
        .isEqualTo(new ClusterDecision.Update(new ClusterChange(true, true, List.of(), false)));
  }

  @Test
  void anIssuerAlreadyOnIsLeftAloneAndOnlyWorkloadIdentityIsSwitchedOn() {
    assertThat(ClusterPlanner.enableWorkloadIdentity(cluster(true, false, false)))
        .isEqualTo(new ClusterDecision.Update(new ClusterChange(false, true, List.of(), false)));
  }

  @Test
  void aClusterWithBothOnNeedsNoWrite() {
    assertThat(ClusterPlanner.enableWorkloadIdentity(cluster(true, true, true)))
        .isInstanceOf(ClusterDecision.AlreadyDone.class);
  }

  @Test
  void onlyTheNamedPodIdentitiesThatStillExistAreRemoved() {
    ClusterDecision decision =
        ClusterPlanner.removePodIdentities(
            cluster(true, true, true, "shop/orders", "shop/billing"),
            List.of("shop/orders", "shop/gone-already"),
            false);

    assertThat(decision)
        .isEqualTo(
            new ClusterDecision.Update(
                new ClusterChange(false, false, List.of("shop/orders"), false)));
  }

  @Test
  void removingWhatIsAlreadyGoneNeedsNoWrite() {
    assertThat(
            ClusterPlanner.removePodIdentities(
                cluster(true, true, true, "shop/billing"), List.of("shop/orders"), false))
        .isInstanceOf(ClusterDecision.AlreadyDone.class);
  }

  @Test
  void theAddonIsDisabledTogetherWithTheLastPodIdentities() {
    assertThat(
            ClusterPlanner.removePodIdentities(
                cluster(true, true, true, "shop/orders"), List.of("shop/orders"), true))
        .isEqualTo(
            new ClusterDecision.Update(
                new ClusterChange(false, false, List.of("shop/orders"), true)));
  }

  @Test
  void theAddonIsNotDisabledWhileOtherWorkloadsStillHavePodIdentities() {
    assertThat(
            ClusterPlanner.removePodIdentities(
                cluster(true, true, true, "shop/orders", "shop/billing"),
                List.of("shop/orders"),
                true))
        .isEqualTo(new ClusterDecision.StillInUse(List.of("shop/billing")));
  }

  @Test
  void anAddonAlreadyDisabledWithNothingLeftNeedsNoWrite() {
    assertThat(ClusterPlanner.removePodIdentities(cluster(true, true, false), List.of(), true))
        .isInstanceOf(ClusterDecision.AlreadyDone.class);
  }

  @Test
  void aClusterIsBusyUntilItsOperationReachesATerminalState() {
    assertThat(new ClusterState("Updating", false, null, false, false, List.of()).busy()).isTrue();
    assertThat(new ClusterState("Succeeded", false, null, false, false, List.of()).busy())
        .isFalse();
    assertThat(new ClusterState("Failed", false, null, false, false, List.of()).busy()).isFalse();
  }
}
