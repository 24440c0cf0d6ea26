package dev.wimigrate.inventory.planning;

import static dev.wimigrate.inventory.planning.Fleet.w;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.wimigrate.events.migration.MigrationSelector;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** KEDA's operator needs a credential on every identity its TriggerAuthentications use. */
class KedaPlanningTest {

  static final String KEDA_SUBJECT = "system:serviceaccount:keda:keda-operator";

  /** Table: TriggerAuthentications added to one id-app workload in aks-1; expected KEDA FICs. */
  static Stream<Arguments> cases() {
    String client = Fleet.clientId("id-app");
    return Stream.of(
        Arguments.of(
            "provider azure with the identity's client id needs the operator federated",
            new Fleet().keda("aks-1", "shop", "queue", "azure", client),
            1),
        Arguments.of(
            "provider azure-workload counts too",
            new Fleet().keda("aks-1", "shop", "queue", "azure-workload", client),
            1),
        Arguments.of(
            "client id in upper case still matches",
            new Fleet().keda("aks-1", "shop", "queue", "azure", client.toUpperCase()),
            1),
        Arguments.of(
            "identityId given as the ARM resource id matches",
            new Fleet().keda("aks-1", "shop", "queue", "azure", Fleet.id("id-app")),
            1),
        Arguments.of(
            "ClusterTriggerAuthentication counts",
            new Fleet().keda("aks-1", null, "global", "azure", client),
            1),
        Arguments.of(
            "two TriggerAuthentications of one identity in one cluster need one credential",
            new Fleet()
                .keda("aks-1", "shop", "queue", "azure", client)
                .keda("aks-1", "billing", "blob", "azure", client),
            1),
        Arguments.of(
            "TriggerAuthentications in two clusters need one credential per issuer",
            new Fleet()
                .cluster("aks-2")
                .keda("aks-1", "shop", "queue", "azure", client)
                .keda("aks-2", "shop", "queue", "azure", client),
            2),
        Arguments.of(
            "provider none is not pod identity",
            new Fleet().keda("aks-1", "shop", "queue", "none", null),
            0),
        Arguments.of(
            "deleted TriggerAuthentication needs nothing",
            new Fleet().keda("aks-1", "shop", "queue", "azure", client, true),
            0),
        Arguments.of(
            "TriggerAuthentication of an unknown identity needs nothing",
            new Fleet().keda("aks-1", "shop", "queue", "azure", Fleet.clientId("nobody")),
            0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void kedaOperatorCredentials(String name, Fleet fleet, int kedaCredentials) {
    MigrationPlan plan = fleet.cluster("aks-1").add(w("aks-1", "shop", "cart")).plan();

    IdentityBudget budget = plan.identities().get(0);
    List<FederatedCredentialPlan> keda =
        budget.allocations().stream()
            .flatMap(a -> a.credentials().stream())
            .filter(c -> c.use() == CredentialUse.KEDA_OPERATOR)
            .toList();
    assertThat(keda).hasSize(kedaCredentials);
    assertThat(keda).allSatisfy(c -> assertThat(c.subject()).isEqualTo(KEDA_SUBJECT));
    assertThat(budget.neededCredentials()).isEqualTo(1 + kedaCredentials);
  }

  @Test
  void unattributableTriggerAuthenticationsAreNoted() {
    MigrationPlan plan =
        new Fleet()
            .cluster("aks-1")
            .add(w("aks-1", "shop", "cart"))
            .keda("aks-1", "shop", "default-id", "azure", null)
            .keda("aks-1", "shop", "stranger", "azure", Fleet.clientId("nobody"))
            .plan();

    assertThat(plan.notes())
        .anySatisfy(
            n ->
                assertThat(n)
                    .contains("aks-1/shop/TriggerAuthentication/default-id")
                    .contains("without identityId"))
        .anySatisfy(
            n ->
                assertThat(n)
                    .contains("aks-1/shop/TriggerAuthentication/stranger")
                    .contains("no user-assigned identity known"));
  }

  @Test
  void identityOnlyKedaUsesIsPlannedFromItsAzureIdentity() {
    MigrationPlan plan =
        new Fleet()
            .cluster("aks-1")
            .podIdentity("aks-1", "keda", "id-scaler")
            .keda("aks-1", "shop", "queue", "azure", Fleet.clientId("id-scaler"))
            .plan();

    assertThat(plan.workloads()).isEmpty();
    assertThat(plan.identities())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.resourceId()).isEqualTo(Fleet.id("id-scaler"));
              assertThat(b.allocations().get(0).credentials())
                  .extracting(FederatedCredentialPlan::subject, FederatedCredentialPlan::use)
                  .containsExactly(tuple(KEDA_SUBJECT, CredentialUse.KEDA_OPERATOR));
            });
    assertThat(plan.clusters()).extracting(ClusterPlan::clusterId).containsExactly("aks-1");
  }

  @Test
  void kedaCredentialIsCountedInTheBudgetAndStaysOnTheOriginalIdentity() {
    Fleet fleet =
        FicBudgetTest.workloads(20)
            .keda("aks-1", "shop", "queue", "azure", Fleet.clientId("id-app"));

    MigrationPlan plan = fleet.plan();

    IdentityBudget budget = plan.identities().get(0);
    assertThat(budget.neededCredentials()).isEqualTo(21);
    assertThat(budget.allocations().get(0).credentials().get(0))
        .extracting(FederatedCredentialPlan::subject, FederatedCredentialPlan::use)
        .containsExactly(KEDA_SUBJECT, CredentialUse.KEDA_OPERATOR);
    assertThat(budget.allocations())
        .extracting(IdentityAllocation::newCredentials)
        .containsExactly(20, 1);
    assertThat(plan.workloads())
        .filteredOn(WorkloadPlan::rbacDiffBeforeSwitch)
        .extracting(WorkloadPlan::key)
        .containsExactly("aks-1/shop/Deployment/app-20");
  }

  @Test
  void kedaOperatorWorkloadOnTheSameServiceAccountSharesTheCredential() {
    MigrationPlan plan =
        new Fleet()
            .cluster("aks-1")
            .add(
                w("aks-1", "keda", "keda-operator")
                    .sdk(dev.wimigrate.events.common.SdkGeneration.LATEST))
            .keda("aks-1", "shop", "queue", "azure", Fleet.clientId("id-app"))
            .plan();

    assertThat(plan.identities().get(0).allocations().get(0).credentials())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.subject()).isEqualTo(KEDA_SUBJECT);
              assertThat(c.use()).isEqualTo(CredentialUse.KEDA_OPERATOR);
            });
  }

  @Test
  void customKedaOperatorServiceAccountIsUsed() {
    PlannerSettings settings =
        new PlannerSettings(
            0.1, 20, new dev.wimigrate.events.common.ServiceAccountRef("autoscaling", "keda"));
    Fleet fleet =
        new Fleet()
            .cluster("aks-1")
            .add(w("aks-1", "shop", "cart"))
            .keda("aks-1", "shop", "q", "azure", Fleet.clientId("id-app"));

    MigrationPlan plan = new MigrationPlanner(settings).plan(fleet.view(), Fleet.ALL);

    assertThat(plan.identities().get(0).allocations().get(0).credentials())
        .extracting(FederatedCredentialPlan::subject)
        .containsExactly(
            "system:serviceaccount:autoscaling:keda", "system:serviceaccount:shop:cart");
  }

  @Test
  void selectorScopesTriggerAuthenticationsByClusterAndNamespace() {
    Fleet fleet =
        new Fleet()
            .cluster("aks-1")
            .cluster("aks-2")
            .add(w("aks-1", "shop", "cart"))
            .keda("aks-1", "billing", "namespaced-elsewhere", "azure", Fleet.clientId("id-app"))
            .keda("aks-1", null, "cluster-wide", "azure", Fleet.clientId("id-app"))
            .keda("aks-2", "shop", "other-cluster", "azure", Fleet.clientId("id-app"));

    MigrationPlan shopOnly = fleet.plan(new MigrationSelector("aks-1", "shop", null, null));
    MigrationPlan billingOnly =
        new Fleet()
            .cluster("aks-1")
            .keda("aks-1", "billing", "namespaced", "azure", Fleet.clientId("id-app"))
            .add(w("aks-1", "billing", "invoice"))
            .plan(new MigrationSelector("aks-1", "shop", null, null));

    // the cluster-wide one is in scope, the other namespace and the other cluster are not
    assertThat(shopOnly.identities().get(0).allocations().get(0).credentials())
        .extracting(FederatedCredentialPlan::subject, FederatedCredentialPlan::clusterIds)
        .containsExactly(
            tuple(KEDA_SUBJECT, List.of("aks-1")),
            tuple("system:serviceaccount:shop:cart", List.of("aks-1")));
    assertThat(billingOnly.identities()).isEmpty();
  }
}
