package dev.wimigrate.inventory.planning;

import static dev.wimigrate.inventory.planning.Fleet.w;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.wimigrate.events.common.OperatingSystem;
import dev.wimigrate.events.common.SdkGeneration;
import dev.wimigrate.events.common.WorkloadKind;
import dev.wimigrate.events.migration.MigrationSelector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Selector filtering, dry-run JSON, and determinism. */
class SelectorAndDeterminismTest {

  static Fleet sample() {
    return new Fleet()
        .cluster("aks-1")
        .cluster("aks-2")
        .cluster("aks-3", null, false)
        .add(w("aks-1", "shop", "cart").labels(Map.of("team", "shop", "tier", "web")))
        .add(
            w("aks-1", "shop", "checkout").labels(Map.of("team", "shop")).sdk(SdkGeneration.LATEST))
        .add(w("aks-1", "shop", "win").os(OperatingSystem.WINDOWS).labels(Map.of("team", "shop")))
        .add(w("aks-1", "billing", "invoice").identity("id-billing").sa("default"))
        .add(w("aks-1", "billing", "reports").identity("id-reports").sa("default"))
        .add(w("aks-1", "billing", "plain").noPodIdentity())
        .add(w("aks-2", "shop", "cart").labels(Map.of("team", "shop", "tier", "web")))
        .add(w("aks-2", "shop", "cart").kind(WorkloadKind.CRON_JOB).sa("shared"))
        .add(
            w("aks-2", "shop", "nightly")
                .kind(WorkloadKind.CRON_JOB)
                .sa("shared")
                .identity("id-batch"))
        .add(w("aks-3", "shop", "cart").psa("restricted"))
        .keda("aks-1", "shop", "queue", "azure", Fleet.clientId("id-app"))
        .keda("aks-2", null, "global", "azure-workload", Fleet.clientId("id-batch"))
        .existing("id-app", Fleet.issuer("aks-1"), "system:serviceaccount:shop:cart")
        .existingOthers("id-app", 17);
  }

  static Stream<Arguments> selectors() {
    return Stream.of(
        Arguments.of(
            "empty selector takes every pod identity workload",
            new MigrationSelector(null, null, null, null),
            List.of(
                "aks-1/billing/Deployment/invoice",
                "aks-1/billing/Deployment/reports",
                "aks-1/shop/Deployment/cart",
                "aks-1/shop/Deployment/checkout",
                "aks-2/shop/CronJob/cart",
                "aks-2/shop/CronJob/nightly",
                "aks-2/shop/Deployment/cart",
                "aks-3/shop/Deployment/cart"),
            List.of("aks-1/shop/Deployment/win")),
        Arguments.of(
            "cluster",
            new MigrationSelector("aks-2", null, null, null),
            List.of(
                "aks-2/shop/CronJob/cart",
                "aks-2/shop/CronJob/nightly",
                "aks-2/shop/Deployment/cart"),
            List.of()),
        Arguments.of(
            "cluster and namespace",
            new MigrationSelector("aks-1", "billing", null, null),
            List.of("aks-1/billing/Deployment/invoice", "aks-1/billing/Deployment/reports"),
            List.of()),
        Arguments.of(
            "workload names across clusters and kinds",
            new MigrationSelector(null, null, List.of("cart"), null),
            List.of(
                "aks-1/shop/Deployment/cart",
                "aks-2/shop/CronJob/cart",
                "aks-2/shop/Deployment/cart",
                "aks-3/shop/Deployment/cart"),
            List.of()),
        Arguments.of(
            "labels must all match",
            new MigrationSelector(null, null, null, Map.of("team", "shop", "tier", "web")),
            List.of("aks-1/shop/Deployment/cart", "aks-2/shop/Deployment/cart"),
            List.of()),
        Arguments.of(
            "label selects blocked workloads too",
            new MigrationSelector("aks-1", null, null, Map.of("team", "shop")),
            List.of("aks-1/shop/Deployment/cart", "aks-1/shop/Deployment/checkout"),
            List.of("aks-1/shop/Deployment/win")),
        Arguments.of(
            "every criterion must hold",
            new MigrationSelector(
                "aks-1", "shop", List.of("checkout", "win"), Map.of("team", "shop")),
            List.of("aks-1/shop/Deployment/checkout"),
            List.of("aks-1/shop/Deployment/win")),
        Arguments.of(
            "selector matching nothing gives an empty plan",
            new MigrationSelector("aks-9", null, null, null),
            List.of(),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("selectors")
  void selectorFiltering(
      String name, MigrationSelector selector, List<String> planned, List<String> blocked) {
    MigrationPlan plan = sample().plan(selector);

    assertThat(plan.selector()).isEqualTo(selector);
    assertThat(plan.workloads()).extracting(WorkloadPlan::key).containsExactlyElementsOf(planned);
    assertThat(plan.blocked()).extracting(BlockedWorkload::key).containsExactlyElementsOf(blocked);
  }

  @Test
  void selectorMatchingNothingPlansNothing() {
    MigrationPlan plan = sample().plan(new MigrationSelector("aks-9", null, null, null));

    assertThat(plan.clusters()).isEmpty();
    assertThat(plan.identities()).isEmpty();
    assertThat(plan.serviceAccounts()).isEmpty();
    assertThat(plan.waves()).isEmpty();
  }

  @Test
  void selectedWorkloadsWithoutPodIdentityAreLeftOutWithANote() {
    MigrationPlan plan = sample().plan(new MigrationSelector("aks-1", "billing", null, null));

    assertThat(plan.workloads())
        .extracting(WorkloadPlan::key)
        .doesNotContain("aks-1/billing/Deployment/plain");
    assertThat(plan.notes())
        .contains(
            "1 selected workload(s) use no pod identity (no aadpodidbinding label, no binding) and are not part of the plan");
  }

  @Test
  void newestObservationOfAWorkloadWins() {
    MigrationPlan plan =
        new Fleet()
            .cluster("aks-1")
            .add(
                w("aks-1", "shop", "cart").os(OperatingSystem.WINDOWS).at(Fleet.T0.plusSeconds(60)))
            .add(w("aks-1", "shop", "cart").at(Fleet.T0))
            .plan();

    assertThat(plan.workloads()).isEmpty();
    assertThat(plan.blocked()).hasSize(1);
  }

  @Test
  void samePlanForAnyInputOrder() throws Exception {
    Fleet fleet = sample();
    MigrationPlan expected = fleet.plan();
    String expectedJson = json().writeValueAsString(expected);

    Random random = new Random(42);
    for (int i = 0; i < 20; i++) {
      FleetView shuffled =
          new FleetView(
              shuffle(fleet.clusters, random),
              shuffle(fleet.workloads, random),
              shuffle(fleet.podIdentities, random),
              shuffle(fleet.triggerAuthentications, random),
              shuffle(fleet.credentials, random));
      MigrationPlan plan = new MigrationPlanner().plan(shuffled, Fleet.ALL);

      assertThat(plan).isEqualTo(expected);
      assertThat(json().writeValueAsString(plan)).isEqualTo(expectedJson);
    }
  }

  @Test
  void samePlanWhenPlannedTwice() {
    MigrationPlanner planner = new MigrationPlanner();
    FleetView view = sample().view();

    assertThat(planner.plan(view, Fleet.ALL)).isEqualTo(planner.plan(view, Fleet.ALL));
  }

  @Test
  void dryRunPreviewIsTheJsonOfThePlanAndReadsBack() throws Exception {
    MigrationPlan plan = sample().plan();

    String text = json().writerWithDefaultPrettyPrinter().writeValueAsString(plan);

    assertThat(text)
        .contains("\"path\" : \"SIDECAR\"")
        .contains("\"kind\" : \"CronJob\"")
        .contains("\"copyRoleAssignmentsFrom\"")
        .contains("\"rbacDiffBeforeSwitch\" : true")
        .contains("\"use\" : \"KEDA_OPERATOR\"");
    assertThat(json().readValue(text, MigrationPlan.class)).isEqualTo(plan);
  }

  @Test
  void sampleFleetPlanHasEveryPart() {
    MigrationPlan plan = sample().plan();

    // id-app: 17 others + 1 existing + KEDA + shop:cart (exists) + shop:checkout + aks-2 cart
    // + aks-3 cart (pending issuer) → overflow
    IdentityBudget app =
        plan.identities().stream()
            .filter(b -> b.resourceId().equals(Fleet.id("id-app")))
            .findFirst()
            .orElseThrow();
    assertThat(app.existingCredentials()).isEqualTo(18);
    assertThat(app.allocations())
        .extracting(IdentityAllocation::totalCredentials)
        .containsExactly(20, 3);
    assertThat(plan.workloads())
        .filteredOn(WorkloadPlan::rbacDiffBeforeSwitch)
        .allSatisfy(
            wp -> assertThat(wp.targetIdentityResourceId()).isEqualTo(Fleet.id("id-app-wi-2")))
        .isNotEmpty();
    assertThat(plan.sharedServiceAccounts())
        .extracting(
            SharedServiceAccount::clusterId,
            SharedServiceAccount::namespace,
            SharedServiceAccount::serviceAccount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("aks-1", "billing", "default"),
            org.assertj.core.groups.Tuple.tuple("aks-2", "shop", "shared"));
    assertThat(plan.clusters())
        .extracting(ClusterPlan::clusterId)
        .containsExactly("aks-1", "aks-2", "aks-3");
  }

  static ObjectMapper json() {
    return JsonMapper.builder().findAndAddModules().build();
  }

  static <T> List<T> shuffle(List<T> list, Random random) {
    List<T> copy = new ArrayList<>(list);
    Collections.shuffle(copy, random);
    return copy;
  }
}
