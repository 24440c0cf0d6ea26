package dev.wimigrate.inventory.planning;

import static dev.wimigrate.inventory.planning.Fleet.w;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wimigrate.events.common.InvalidFieldException;
import dev.wimigrate.events.common.OperatingSystem;
import dev.wimigrate.events.common.SdkGeneration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Canary first (a fraction, at least one, latest-SDK workloads preferred), then the rest. */
class WavePlanningTest {

  static Stream<Arguments> canarySize() {
    return Stream.of(
        Arguments.of("no workloads, no canary", 0.1, 0, 0),
        Arguments.of("one workload is its own canary", 0.1, 1, 1),
        Arguments.of("10% of 9 rounds up to the minimum of one", 0.1, 9, 1),
        Arguments.of("10% of 10 is one", 0.1, 10, 1),
        Arguments.of("10% of 25 rounds down to two", 0.1, 25, 2),
        Arguments.of("29% of 100 is exactly 29 (no floating point error)", 0.29, 100, 29),
        Arguments.of("33% of 30 rounds down to nine", 0.33, 30, 9),
        Arguments.of("100% makes everything canary", 1.0, 7, 7));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("canarySize")
  void canaryCount(String name, double fraction, int workloads, int expected) {
    assertThat(MigrationPlanner.canaryCount(fraction, workloads)).isEqualTo(expected);
  }

  static Fleet apps(int count) {
    Fleet fleet = new Fleet().cluster("aks-1");
    IntStream.rangeClosed(1, count)
        .forEach(i -> fleet.add(w("aks-1", "shop", String.format("app-%02d", i))));
    return fleet;
  }

  @Test
  void canaryIsTheFirstWorkloadsByKeyWhenNoneHasTheLatestSdk() {
    MigrationPlan plan = apps(25).plan();

    assertThat(plan.waves())
        .extracting(Wave::number, Wave::name)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "canary"),
            org.assertj.core.groups.Tuple.tuple(2, "rest"));
    assertThat(plan.waves().get(0).workloads())
        .containsExactly("aks-1/shop/Deployment/app-01", "aks-1/shop/Deployment/app-02");
    assertThat(plan.waves().get(1).workloads())
        .hasSize(23)
        .doesNotContainAnyElementsOf(plan.waves().get(0).workloads());
    assertThat(plan.workloads()).filteredOn(wp -> wp.wave() == 1).hasSize(2);
  }

  @Test
  void canaryPrefersLatestSdkWorkloads() {
    MigrationPlan plan =
        apps(18)
            .add(w("aks-1", "shop", "zz-modern").sdk(SdkGeneration.LATEST))
            .add(w("aks-1", "shop", "yy-modern").sdk(SdkGeneration.LATEST))
            .add(w("aks-1", "shop", "xx-modern").sdk(SdkGeneration.LATEST))
            .plan();

    // 10% of 21 = 2: the two first latest-SDK workloads by key
    assertThat(plan.waves().get(0).workloads())
        .containsExactly("aks-1/shop/Deployment/xx-modern", "aks-1/shop/Deployment/yy-modern");
  }

  @Test
  void latestSdkWorkloadsFillTheCanaryThenOthersByKey() {
    MigrationPlan plan =
        new MigrationPlanner(PlannerSettings.defaults().withCanaryFraction(0.5))
            .plan(
                apps(3).add(w("aks-1", "shop", "modern").sdk(SdkGeneration.LATEST)).view(),
                Fleet.ALL);

    assertThat(plan.waves().get(0).workloads())
        .containsExactly("aks-1/shop/Deployment/app-01", "aks-1/shop/Deployment/modern");
    assertThat(plan.waves().get(1).workloads())
        .containsExactly("aks-1/shop/Deployment/app-02", "aks-1/shop/Deployment/app-03");
  }

  @Test
  void everythingInTheCanaryLeavesNoSecondWave() {
    MigrationPlan plan =
        new MigrationPlanner(PlannerSettings.defaults().withCanaryFraction(1.0))
            .plan(apps(3).view(), Fleet.ALL);

    assertThat(plan.waves()).singleElement().satisfies(w -> assertThat(w.workloads()).hasSize(3));
  }

  @Test
  void blockedWorkloadsAreInNoWave() {
    MigrationPlan plan =
        apps(2).add(w("aks-1", "shop", "aaa-windows").os(OperatingSystem.WINDOWS)).plan();

    assertThat(plan.waves().stream().flatMap(w -> w.workloads().stream()).toList())
        .containsExactlyInAnyOrder("aks-1/shop/Deployment/app-01", "aks-1/shop/Deployment/app-02");
  }

  @Test
  void wavesCoverEveryPlannedWorkloadExactlyOnce() {
    MigrationPlan plan = apps(37).plan();

    List<String> inWaves = plan.waves().stream().flatMap(w -> w.workloads().stream()).toList();
    assertThat(inWaves).doesNotHaveDuplicates();
    assertThat(inWaves)
        .containsExactlyInAnyOrderElementsOf(
            plan.workloads().stream().map(WorkloadPlan::key).toList());
  }

  static Stream<Arguments> invalidFractions() {
    return Stream.of(
        Arguments.of("zero", 0.0),
        Arguments.of("negative", -0.1),
        Arguments.of("above one", 1.5),
        Arguments.of("NaN", Double.NaN));
  }

  @ParameterizedTest(name = "canary fraction {0} is rejected")
  @MethodSource("invalidFractions")
  void invalidCanaryFractionIsRejected(String name, double fraction) {
    assertThatThrownBy(() -> PlannerSettings.defaults().withCanaryFraction(fraction))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("canaryFraction");
  }

  @Test
  void credentialLimitAboveAzuresIsRejected() {
    assertThatThrownBy(
            () -> new PlannerSettings(0.1, 21, PlannerSettings.defaults().kedaOperator()))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("federatedCredentialLimit");
  }
}
