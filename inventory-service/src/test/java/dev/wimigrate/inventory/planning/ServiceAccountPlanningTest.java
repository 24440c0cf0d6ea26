package dev.wimigrate.inventory.planning;

import static dev.wimigrate.inventory.planning.Fleet.w;
import static dev.wimigrate.inventory.planning.ServiceAccountDecision.DEDICATED;
import static dev.wimigrate.inventory.planning.ServiceAccountDecision.REUSE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wimigrate.events.migration.MigrationSelector;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Service account reuse and sharing per (cluster, namespace, identity). */
class ServiceAccountPlanningTest {

  /**
   * Table: a fleet, then for workload {@code aks-1/shop/Deployment/cart} the expected decision,
   * service account, and (when not reused) the shared-SA reason fragment.
   */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "own service account used only by this workload is reused",
            new Fleet().cluster("aks-1").add(w("aks-1", "shop", "cart")),
            REUSE,
            "cart",
            null),
        Arguments.of(
            "service account shared by workloads of the same identity is reused",
            new Fleet()
                .cluster("aks-1")
                .add(w("aks-1", "shop", "cart").sa("shop-api"))
                .add(w("aks-1", "shop", "checkout").sa("shop-api")),
            REUSE,
            "shop-api",
            null),
        Arguments.of(
            "default service account is never federated",
            new Fleet().cluster("aks-1").add(w("aks-1", "shop", "cart").sa("default")),
            DEDICATED,
            "wi-id-app",
            "default service account"),
        Arguments.of(
            "service account shared with another identity's workload gets a dedicated one",
            new Fleet()
                .cluster("aks-1")
                .add(w("aks-1", "shop", "cart").sa("shop-api"))
                .add(w("aks-1", "shop", "reports").sa("shop-api").identity("id-reports")),
            DEDICATED,
            "wi-id-app",
            "run by workloads of 2 identities (id-app, id-reports)"),
        Arguments.of(
            "service account shared with a workload without pod identity gets a dedicated one",
            new Fleet()
                .cluster("aks-1")
                .add(w("aks-1", "shop", "cart").sa("shop-api"))
                .add(w("aks-1", "shop", "batch").sa("shop-api").noPodIdentity()),
            DEDICATED,
            "wi-id-app",
            "also used by workloads without identity id-app (aks-1/shop/Deployment/batch)"),
        Arguments.of(
            "service account shared with a workload already on Workload ID with the same client"
                + " id is reused",
            new Fleet()
                .cluster("aks-1")
                .add(w("aks-1", "shop", "cart").sa("shop-api"))
                .add(
                    w("aks-1", "shop", "migrated")
                        .sa("shop-api")
                        .noPodIdentity()
                        .onWorkloadId(Fleet.clientId("id-app").toUpperCase())),
            REUSE,
            "shop-api",
            null),
        Arguments.of(
            "service account already annotated with another client id gets a dedicated one",
            new Fleet()
                .cluster("aks-1")
                .add(w("aks-1", "shop", "cart").saAnnotated(Fleet.clientId("id-other"))),
            DEDICATED,
            "wi-id-app",
            "already annotated azure.workload.identity/client-id=" + Fleet.clientId("id-other")),
        Arguments.of(
            "service account annotated with its own identity's client id is reused",
            new Fleet()
                .cluster("aks-1")
                .add(w("aks-1", "shop", "cart").saAnnotated(Fleet.clientId("id-app"))),
            REUSE,
            "cart",
            null),
        Arguments.of(
            "same service account name in another namespace is not sharing",
            new Fleet()
                .cluster("aks-1")
                .add(w("aks-1", "shop", "cart").sa("api"))
                .add(w("aks-1", "billing", "invoice").sa("api").identity("id-billing")),
            REUSE,
            "api",
            null),
        Arguments.of(
            "same service account name in another cluster is not sharing",
            new Fleet()
                .cluster("aks-1")
                .cluster("aks-2")
                .add(w("aks-1", "shop", "cart").sa("api"))
                .add(w("aks-2", "shop", "cart").sa("api").identity("id-other")),
            REUSE,
            "api",
            null),
        Arguments.of(
            "sharing with a blocked workload of another identity still counts",
            new Fleet()
                .cluster("aks-1")
                .add(w("aks-1", "shop", "cart").sa("api"))
                .add(
                    w("aks-1", "shop", "win")
                        .sa("api")
                        .identity("id-win")
                        .os(dev.wimigrate.events.common.OperatingSystem.WINDOWS)),
            DEDICATED,
            "wi-id-app",
            "run by workloads of 2 identities (id-app, id-win)"),
        Arguments.of(
            "identity name with capitals and underscores becomes a valid service account name",
            new Fleet()
                .cluster("aks-1")
                .add(w("aks-1", "shop", "cart").sa("default").identity("Shop_Cart_ID")),
            DEDICATED,
            "wi-shop-cart-id",
            "default service account"),
        Arguments.of(
            "dedicated name already used by a foreign service account gets a hash suffix",
            new Fleet()
                .cluster("aks-1")
                .add(w("aks-1", "shop", "cart").sa("default"))
                .add(w("aks-1", "shop", "other").sa("wi-id-app").noPodIdentity()),
            DEDICATED,
            "wi-id-app-" + MigrationPlanner.shortHash(Fleet.id("id-app").toLowerCase()),
            "default service account"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void serviceAccountDecision(
      String name,
      Fleet fleet,
      ServiceAccountDecision decision,
      String serviceAccount,
      String sharedReason) {
    MigrationPlan plan = fleet.plan();

    WorkloadPlan cart = byKey(plan).get("aks-1/shop/Deployment/cart");
    assertThat(cart.serviceAccountDecision()).isEqualTo(decision);
    assertThat(cart.serviceAccount()).isEqualTo(serviceAccount);
    assertThat(cart.subject()).isEqualTo("system:serviceaccount:shop:" + serviceAccount);
    assertThat(plan.serviceAccounts())
        .filteredOn(s -> s.workloads().contains(cart.key()))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.decision()).isEqualTo(decision);
              assertThat(s.serviceAccount()).isEqualTo(serviceAccount);
              assertThat(s.identityResourceId()).isEqualTo(cart.identityResourceId());
            });
    if (sharedReason == null) {
      assertThat(plan.sharedServiceAccounts()).noneMatch(s -> s.workloads().contains(cart.key()));
    } else {
      assertThat(plan.sharedServiceAccounts())
          .filteredOn(s -> s.workloads().contains(cart.key()))
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.serviceAccount()).isEqualTo(cart.currentServiceAccount());
                assertThat(s.reason()).contains(sharedReason);
              });
    }
  }

  @Test
  void serviceAccountSharedAcrossIdentitiesIsReportedWithBothIdentitiesAndEachGetsItsOwn() {
    MigrationPlan plan =
        new Fleet()
            .cluster("aks-1")
            .add(w("aks-1", "shop", "cart").sa("shop-api"))
            .add(w("aks-1", "shop", "checkout").sa("shop-api"))
            .add(w("aks-1", "shop", "reports").sa("shop-api").identity("id-reports"))
            .plan();

    assertThat(plan.sharedServiceAccounts())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.serviceAccount()).isEqualTo("shop-api");
              assertThat(s.identities())
                  .containsExactly(Fleet.id("id-app"), Fleet.id("id-reports"));
              assertThat(s.workloads())
                  .containsExactly(
                      "aks-1/shop/Deployment/cart",
                      "aks-1/shop/Deployment/checkout",
                      "aks-1/shop/Deployment/reports");
            });
    assertThat(plan.serviceAccounts())
        .extracting(ServiceAccountPlan::serviceAccount, ServiceAccountPlan::workloads)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "wi-id-app",
                List.of("aks-1/shop/Deployment/cart", "aks-1/shop/Deployment/checkout")),
            org.assertj.core.groups.Tuple.tuple(
                "wi-id-reports", List.of("aks-1/shop/Deployment/reports")));
    // one credential per identity: the two id-app workloads share the dedicated account
    assertThat(plan.identities()).extracting(IdentityBudget::newCredentials).containsExactly(1, 1);
  }

  @Test
  void sharingWithAnUnselectedWorkloadStillPreventsReuse() {
    MigrationPlan plan =
        new Fleet()
            .cluster("aks-1")
            .add(w("aks-1", "shop", "cart").sa("shop-api"))
            .add(w("aks-1", "shop", "reports").sa("shop-api").identity("id-reports"))
            .plan(new MigrationSelector(null, null, List.of("cart"), null));

    assertThat(plan.workloads())
        .singleElement()
        .satisfies(wp -> assertThat(wp.serviceAccount()).isEqualTo("wi-id-app"));
    assertThat(plan.sharedServiceAccounts()).hasSize(1);
  }

  @Test
  void identitiesWithTheSameNameInDifferentResourceGroupsGetDistinctDedicatedAccounts() {
    String otherRg = Fleet.id("id-app").replace("rg-ids", "rg-other");
    MigrationPlan plan =
        new Fleet()
            .cluster("aks-1")
            .add(w("aks-1", "shop", "cart").sa("default"))
            .add(
                w("aks-1", "shop", "audit")
                    .sa("default")
                    .binding(
                        new dev.wimigrate.events.inventory.PodIdentityBindingRef(
                            "audit-binding", "audit-id", otherRg, Fleet.clientId("other"), 0)))
            .plan();

    Map<String, String> sa =
        plan.workloads().stream()
            .collect(Collectors.toMap(WorkloadPlan::key, WorkloadPlan::serviceAccount));
    assertThat(sa.get("aks-1/shop/Deployment/cart"))
        .isEqualTo("wi-id-app-" + MigrationPlanner.shortHash(Fleet.id("id-app").toLowerCase()));
    assertThat(sa.get("aks-1/shop/Deployment/audit"))
        .isEqualTo("wi-id-app-" + MigrationPlanner.shortHash(otherRg.toLowerCase()));
  }

  @Test
  void reusedAndDedicatedAccountsOfOneIdentityInOneNamespaceEachGetACredential() {
    MigrationPlan plan =
        new Fleet()
            .cluster("aks-1")
            .add(w("aks-1", "shop", "cart"))
            .add(w("aks-1", "shop", "legacy").sa("default"))
            .plan();

    assertThat(plan.serviceAccounts())
        .extracting(ServiceAccountPlan::serviceAccount, ServiceAccountPlan::decision)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("cart", REUSE),
            org.assertj.core.groups.Tuple.tuple("wi-id-app", DEDICATED));
    assertThat(plan.identities().get(0).newCredentials()).isEqualTo(2);
  }

  static Map<String, WorkloadPlan> byKey(MigrationPlan plan) {
    return plan.workloads().stream()
        .collect(Collectors.toMap(WorkloadPlan::key, Function.identity()));
  }
}
