package dev.wimigrate.inventory.planning;

import static dev.wimigrate.inventory.planning.Fleet.w;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One FIC per distinct issuer × namespace × service account, 20 per identity, then overflow. */
class FicBudgetTest {

  /** {@code count} workloads of identity id-app in aks-1, each with its own service account. */
  static Fleet workloads(int count) {
    Fleet fleet = new Fleet().cluster("aks-1");
    for (int i = 1; i <= count; i++) {
      fleet.add(w("aks-1", "shop", String.format("app-%02d", i)));
    }
    return fleet;
  }

  /**
   * Table: needed service accounts, credentials already on id-app for other subjects, and the
   * expected allocation as "name:existing+new" per identity of the family.
   */
  static Stream<Arguments> overflow() {
    return Stream.of(
        Arguments.of("1 credential fits", 1, 0, List.of("id-app:0+1")),
        Arguments.of("exactly 20 credentials fit without overflow", 20, 0, List.of("id-app:0+20")),
        Arguments.of(
            "21 credentials overflow one into id-app-wi-2",
            21,
            0,
            List.of("id-app:0+20", "id-app-wi-2:0+1")),
        Arguments.of(
            "45 credentials fill id-app and id-app-wi-2 and put 5 on id-app-wi-3",
            45,
            0,
            List.of("id-app:0+20", "id-app-wi-2:0+20", "id-app-wi-3:0+5")),
        Arguments.of(
            "40 credentials fill exactly two identities",
            40,
            0,
            List.of("id-app:0+20", "id-app-wi-2:0+20")),
        Arguments.of(
            "15 needed plus 5 existing fill the identity exactly", 15, 5, List.of("id-app:5+15")),
        Arguments.of(
            "15 needed plus 6 existing overflow one",
            15,
            6,
            List.of("id-app:6+14", "id-app-wi-2:0+1")),
        Arguments.of(
            "an identity already full puts everything on the overflow",
            3,
            20,
            List.of("id-app:20+0", "id-app-wi-2:0+3")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overflow")
  void overflow(String name, int needed, int existingOthers, List<String> expected) {
    MigrationPlan plan = workloads(needed).existingOthers("id-app", existingOthers).plan();

    IdentityBudget budget = plan.identities().get(0);
    assertThat(budget.resourceId()).isEqualTo(Fleet.id("id-app"));
    assertThat(budget.neededCredentials()).isEqualTo(needed);
    assertThat(budget.existingCredentials()).isEqualTo(existingOthers);
    assertThat(budget.newCredentials()).isEqualTo(needed);
    assertThat(budget.allocations())
        .extracting(
            a ->
                a.resourceId().substring(Fleet.RG.length())
                    + ":"
                    + a.existingCredentials()
                    + "+"
                    + a.newCredentials())
        .containsExactlyElementsOf(expected);
    for (IdentityAllocation a : budget.allocations()) {
      assertThat(a.totalCredentials()).isLessThanOrEqualTo(20);
      assertThat(a.overflow()).isEqualTo(!a.resourceId().equals(Fleet.id("id-app")));
      assertThat(a.copyRoleAssignmentsFrom()).isEqualTo(a.overflow() ? Fleet.id("id-app") : null);
    }
    // every workload points at the identity that carries its credential
    for (WorkloadPlan wp : plan.workloads()) {
      IdentityAllocation carrier =
          budget.allocations().stream()
              .filter(a -> a.credentials().stream().anyMatch(c -> c.subject().equals(wp.subject())))
              .findFirst()
              .orElseThrow();
      assertThat(wp.targetIdentityResourceId()).isEqualTo(carrier.resourceId());
      assertThat(wp.rbacDiffBeforeSwitch()).isEqualTo(carrier.overflow());
    }
  }

  @Test
  void overflowTakesTheLastWorkloadsInKeyOrder() {
    MigrationPlan plan = workloads(21).plan();

    assertThat(plan.workloads())
        .filteredOn(WorkloadPlan::rbacDiffBeforeSwitch)
        .extracting(WorkloadPlan::key, WorkloadPlan::targetIdentityResourceId)
        .containsExactly(tuple("aks-1/shop/Deployment/app-21", Fleet.id("id-app-wi-2")));
  }

  @Test
  void workloadsSharingAServiceAccountNeedOneCredential() {
    Fleet fleet = new Fleet().cluster("aks-1");
    for (int i = 1; i <= 30; i++) {
      fleet.add(w("aks-1", "shop", "app-" + i).sa("shop-api"));
    }

    IdentityBudget budget = fleet.plan().identities().get(0);

    assertThat(budget.neededCredentials()).isOne();
    assertThat(budget.allocations()).hasSize(1);
  }

  @Test
  void differentIssuersNeedSeparateCredentialsForTheSameNamespaceAndServiceAccount() {
    MigrationPlan plan =
        new Fleet()
            .cluster("aks-1")
            .cluster("aks-2")
            .cluster("aks-3")
            .add(w("aks-1", "shop", "cart"))
            .add(w("aks-2", "shop", "cart"))
            .add(w("aks-3", "shop", "cart"))
            .plan();

    assertThat(plan.identities())
        .singleElement()
        .satisfies(b -> assertThat(b.newCredentials()).isEqualTo(3));
    assertThat(plan.identities().get(0).allocations().get(0).credentials())
        .extracting(FederatedCredentialPlan::issuer, FederatedCredentialPlan::subject)
        .containsExactly(
            tuple(Fleet.issuer("aks-1"), "system:serviceaccount:shop:cart"),
            tuple(Fleet.issuer("aks-2"), "system:serviceaccount:shop:cart"),
            tuple(Fleet.issuer("aks-3"), "system:serviceaccount:shop:cart"));
    assertThat(plan.identities().get(0).allocations().get(0).credentials())
        .extracting(FederatedCredentialPlan::name)
        .doesNotContainNull()
        .doesNotHaveDuplicates();
  }

  @Test
  void budgetSpansTheWholeFleet() {
    Fleet fleet = new Fleet();
    for (int c = 1; c <= 3; c++) {
      fleet.cluster("aks-" + c);
      for (int i = 1; i <= 7; i++) {
        fleet.add(w("aks-" + c, "shop", "app-" + i));
      }
    }

    IdentityBudget budget = fleet.plan().identities().get(0);

    assertThat(budget.neededCredentials()).isEqualTo(21);
    assertThat(budget.allocations())
        .extracting(IdentityAllocation::newCredentials)
        .containsExactly(20, 1);
  }

  @Test
  void clustersSharingAnIssuerShareTheCredential() {
    String shared = "https://issuer.example/shared/";
    MigrationPlan plan =
        new Fleet()
            .cluster("kube-a", shared, true)
            .cluster("kube-b", shared, true)
            .add(w("kube-a", "shop", "cart"))
            .add(w("kube-b", "shop", "cart"))
            .plan();

    assertThat(plan.identities().get(0).allocations().get(0).credentials())
        .singleElement()
        .satisfies(c -> assertThat(c.clusterIds()).containsExactly("kube-a", "kube-b"));
  }

  @Test
  void existingCredentialForTheSameIssuerAndSubjectIsCountedNotCreated() {
    MigrationPlan plan =
        workloads(2)
            .existing("id-app", Fleet.issuer("aks-1"), "system:serviceaccount:shop:app-01")
            .existingOthers("id-app", 3)
            .plan();

    IdentityBudget budget = plan.identities().get(0);
    assertThat(budget.existingCredentials()).isEqualTo(4);
    assertThat(budget.newCredentials()).isEqualTo(1);
    assertThat(budget.allocations().get(0).totalCredentials()).isEqualTo(5);
    assertThat(budget.allocations().get(0).credentials())
        .extracting(FederatedCredentialPlan::subject, FederatedCredentialPlan::exists)
        .containsExactly(
            tuple("system:serviceaccount:shop:app-01", true),
            tuple("system:serviceaccount:shop:app-02", false));
  }

  @Test
  void existingCredentialWithAnotherIssuerSpellingDoesNotCount() {
    // Entra compares issuers exactly: without the trailing slash it is another credential
    String noSlash = Fleet.issuer("aks-1").replaceAll("/$", "");
    MigrationPlan plan =
        workloads(1).existing("id-app", noSlash, "system:serviceaccount:shop:app-01").plan();

    assertThat(plan.identities().get(0).allocations().get(0).credentials())
        .singleElement()
        .satisfies(c -> assertThat(c.exists()).isFalse());
    assertThat(plan.identities().get(0).allocations().get(0).totalCredentials()).isEqualTo(2);
  }

  @Test
  void credentialAlreadyOnAnOverflowIdentityKeepsItsWorkloadThere() {
    MigrationPlan plan =
        workloads(3)
            .existing("id-app-wi-2", Fleet.issuer("aks-1"), "system:serviceaccount:shop:app-02")
            .plan();

    assertThat(plan.workloads())
        .extracting(
            WorkloadPlan::key,
            WorkloadPlan::targetIdentityResourceId,
            WorkloadPlan::rbacDiffBeforeSwitch)
        .containsExactly(
            tuple("aks-1/shop/Deployment/app-01", Fleet.id("id-app"), false),
            tuple("aks-1/shop/Deployment/app-02", Fleet.id("id-app-wi-2"), true),
            tuple("aks-1/shop/Deployment/app-03", Fleet.id("id-app"), false));
    IdentityAllocation overflow = plan.identities().get(0).allocations().get(1);
    assertThat(overflow.copyRoleAssignmentsFrom()).isEqualTo(Fleet.id("id-app"));
    assertThat(overflow.existingCredentials()).isOne();
    assertThat(overflow.newCredentials()).isZero();
  }

  @Test
  void existingCredentialsOnOverflowIdentitiesCountAgainstTheirOwnBudget() {
    Fleet fleet = workloads(25).existingOthers("id-app", 0);
    for (int i = 0; i < 18; i++) {
      fleet.existing("id-app-wi-2", "https://other.example/", "system:serviceaccount:x:sa-" + i);
    }

    IdentityBudget budget = fleet.plan().identities().get(0);

    assertThat(budget.allocations())
        .extracting(
            a -> a.resourceId().substring(Fleet.RG.length()),
            IdentityAllocation::existingCredentials,
            IdentityAllocation::newCredentials)
        .containsExactly(
            tuple("id-app", 0, 20), tuple("id-app-wi-2", 18, 2), tuple("id-app-wi-3", 0, 3));
  }

  @Test
  void credentialsOfUnrelatedIdentitiesDoNotCount() {
    MigrationPlan plan =
        workloads(20).existingOthers("id-app-extra", 15).existingOthers("id-other", 15).plan();

    assertThat(plan.identities().get(0).allocations()).hasSize(1);
    assertThat(plan.identities().get(0).existingCredentials()).isZero();
  }

  @Test
  void clusterWithoutIssuerGetsPendingCredentialsThatCannotExistYet() {
    MigrationPlan plan =
        new Fleet()
            .cluster("aks-new", null, false)
            .add(w("aks-new", "shop", "cart"))
            .existing("id-app", "https://anything.example/", "system:serviceaccount:shop:cart")
            .plan();

    FederatedCredentialPlan fic =
        plan.identities().get(0).allocations().get(0).credentials().get(0);
    assertThat(fic.issuer()).isNull();
    assertThat(fic.name()).isNull();
    assertThat(fic.exists()).isFalse();
    assertThat(fic.clusterIds()).containsExactly("aks-new");
    assertThat(plan.workloads().get(0).issuer()).isNull();
    assertThat(plan.clusters().get(0).enableWorkloadIdentity()).isTrue();
  }

  @Test
  void identitiesHaveSeparateBudgets() {
    Fleet fleet = new Fleet().cluster("aks-1");
    for (int i = 1; i <= 20; i++) {
      fleet.add(w("aks-1", "shop", "a-" + i).identity("id-a"));
      fleet.add(w("aks-1", "shop", "b-" + i).identity("id-b"));
    }

    List<IdentityBudget> budgets = fleet.plan().identities();

    assertThat(budgets).extracting(b -> b.allocations().size()).containsExactly(1, 1);
  }

  @Test
  void overflowNamesStayValidForLongIdentityNames() {
    String longName = "x".repeat(128);
    String overflow = MigrationPlanner.overflowResourceId(Fleet.id(longName), 12);

    assertThat(overflow).endsWith("/" + "x".repeat(122) + "-wi-12");
    assertThat(MigrationPlanner.isManagedIdentityId(overflow)).isTrue();
  }

  @Test
  void overflowIdentitiesAreNumberedDeterministically() {
    assertThat(
            Stream.of(2, 3, 10)
                .map(n -> MigrationPlanner.overflowResourceId(Fleet.id("id-app"), n))
                .collect(Collectors.toList()))
        .containsExactly(
            Fleet.id("id-app-wi-2"), Fleet.id("id-app-wi-3"), Fleet.id("id-app-wi-10"));
  }
}
