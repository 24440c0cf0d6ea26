package dev.wimigrate.inventory.planning;

import static dev.wimigrate.events.common.MigrationPath.LATEST_SDK;
import static dev.wimigrate.events.common.MigrationPath.REWRITE_REQUIRED;
import static dev.wimigrate.events.common.MigrationPath.SIDECAR;
import static dev.wimigrate.inventory.planning.Fleet.w;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wimigrate.events.common.MigrationPath;
import dev.wimigrate.events.common.OperatingSystem;
import dev.wimigrate.events.common.SdkGeneration;
import dev.wimigrate.events.inventory.PodIdentityBindingRef;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every path, through the shared MigrationPaths rule, as the planner reports it. */
class PlannerPathTest {

  static Stream<Arguments> plannable() {
    return Stream.of(
        Arguments.of(
            "latest SDK on Linux runs both identities in parallel",
            (UnaryOperator<Fleet.W>) x -> x.sdk(SdkGeneration.LATEST),
            LATEST_SDK,
            false,
            "run both identities in parallel"),
        Arguments.of(
            "latest SDK on Windows runs in parallel",
            (UnaryOperator<Fleet.W>) x -> x.sdk(SdkGeneration.LATEST).os(OperatingSystem.WINDOWS),
            LATEST_SDK,
            false,
            "SDK supports Workload ID"),
        Arguments.of(
            "latest SDK with hostNetwork runs in parallel",
            (UnaryOperator<Fleet.W>) x -> x.sdk(SdkGeneration.LATEST).hostNetwork(),
            LATEST_SDK,
            false,
            "SDK supports Workload ID"),
        Arguments.of(
            "legacy SDK on Linux gets the sidecar",
            (UnaryOperator<Fleet.W>) x -> x.sdk(SdkGeneration.LEGACY),
            SIDECAR,
            false,
            "legacy SDK on Linux"),
        Arguments.of(
            "unknown SDK on Linux is planned like a legacy one",
            (UnaryOperator<Fleet.W>) x -> x.sdk(SdkGeneration.UNKNOWN).psa("privileged"),
            SIDECAR,
            false,
            "SDK generation unknown on Linux"),
        Arguments.of(
            "Pod Security baseline gets the sidecar without the privileged init container",
            (UnaryOperator<Fleet.W>) x -> x.psa("baseline"),
            SIDECAR,
            true,
            "Pod Security 'baseline'"),
        Arguments.of(
            "Pod Security restricted gets the sidecar without the privileged init container",
            (UnaryOperator<Fleet.W>) x -> x.psa("restricted"),
            SIDECAR,
            true,
            "Pod Security 'restricted'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plannable")
  void plannableWorkload(
      String name,
      UnaryOperator<Fleet.W> shape,
      MigrationPath path,
      boolean unprivileged,
      String reason) {
    MigrationPlan plan =
        new Fleet().cluster("aks-1").add(shape.apply(w("aks-1", "shop", "cart"))).plan();

    assertThat(plan.blocked()).isEmpty();
    assertThat(plan.workloads()).hasSize(1);
    WorkloadPlan wp = plan.workloads().get(0);
    assertThat(wp.key()).isEqualTo("aks-1/shop/Deployment/cart");
    assertThat(wp.path()).isEqualTo(path);
    assertThat(wp.unprivilegedSidecar()).isEqualTo(unprivileged);
    assertThat(wp.reason()).contains(reason);
    assertThat(wp.identityResourceId()).isEqualTo(Fleet.id("id-app"));
    assertThat(wp.clientId()).isEqualTo(Fleet.clientId("id-app"));
    assertThat(wp.targetIdentityResourceId()).isEqualTo(Fleet.id("id-app"));
    assertThat(wp.rbacDiffBeforeSwitch()).isFalse();
    assertThat(plan.identities()).hasSize(1);
    assertThat(plan.identities().get(0).newCredentials()).isEqualTo(1);
  }

  static Stream<Arguments> blocked() {
    return Stream.of(
        Arguments.of(
            "legacy SDK on Windows must be rewritten",
            (UnaryOperator<Fleet.W>) x -> x.os(OperatingSystem.WINDOWS),
            REWRITE_REQUIRED,
            "the IMDS proxy sidecar is Linux-only"),
        Arguments.of(
            "unknown SDK on Windows must be rewritten",
            (UnaryOperator<Fleet.W>) x -> x.sdk(SdkGeneration.UNKNOWN).os(OperatingSystem.WINDOWS),
            REWRITE_REQUIRED,
            "SDK generation unknown on Windows"),
        Arguments.of(
            "legacy SDK with unknown OS must be rewritten",
            (UnaryOperator<Fleet.W>) x -> x.os(OperatingSystem.UNKNOWN),
            REWRITE_REQUIRED,
            "may run on Windows"),
        Arguments.of(
            "legacy SDK with hostNetwork must be rewritten",
            (UnaryOperator<Fleet.W>) x -> x.hostNetwork(),
            REWRITE_REQUIRED,
            "hostNetwork"),
        Arguments.of(
            "aadpodidbinding label that matches no binding has nothing to migrate",
            (UnaryOperator<Fleet.W>) Fleet.W::selectorWithoutBinding,
            REWRITE_REQUIRED,
            "matches no AzureIdentityBinding"),
        Arguments.of(
            "service principal AzureIdentity cannot be federated",
            (UnaryOperator<Fleet.W>)
                x ->
                    x.binding(
                        new PodIdentityBindingRef(
                            "sp-binding", "sp", Fleet.id("sp"), Fleet.clientId("sp"), 1)),
            REWRITE_REQUIRED,
            "service principal"),
        Arguments.of(
            "AzureIdentity without resourceID cannot be migrated",
            (UnaryOperator<Fleet.W>)
                x -> x.binding(new PodIdentityBindingRef("b", "broken", null, null, 0)),
            REWRITE_REQUIRED,
            "no resourceID/clientID"),
        Arguments.of(
            "resourceID that is not a managed identity id is blocked",
            (UnaryOperator<Fleet.W>)
                x ->
                    x.binding(
                        new PodIdentityBindingRef(
                            "b", "typo", "/subscriptions/x/typo", Fleet.clientId("typo"), 0)),
            SIDECAR,
            "not the ARM id of a user-assigned managed identity"),
        Arguments.of(
            "workload bound to two identities is blocked",
            (UnaryOperator<Fleet.W>) x -> x.identities("id-app", "id-reports"),
            SIDECAR,
            "bound to 2 identities (id-app, id-reports)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("blocked")
  void blockedWorkloadGetsNoCredentialAndNoServiceAccount(
      String name, UnaryOperator<Fleet.W> shape, MigrationPath path, String reason) {
    MigrationPlan plan =
        new Fleet().cluster("aks-1").add(shape.apply(w("aks-1", "shop", "cart"))).plan();

    assertThat(plan.workloads()).isEmpty();
    assertThat(plan.blocked())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.key()).isEqualTo("aks-1/shop/Deployment/cart");
              assertThat(b.path()).isEqualTo(path);
              assertThat(b.reason()).contains(reason);
            });
    assertThat(plan.identities()).isEmpty();
    assertThat(plan.serviceAccounts()).isEmpty();
    assertThat(plan.waves()).isEmpty();
    assertThat(plan.clusters())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.workloads()).isZero();
              assertThat(c.blocked()).isOne();
            });
  }

  @Test
  void blockedWorkloadsDoNotTakeBudgetFromPlannableOnes() {
    MigrationPlan plan =
        new Fleet()
            .cluster("aks-1")
            .add(w("aks-1", "shop", "win").os(OperatingSystem.WINDOWS))
            .add(w("aks-1", "shop", "cart"))
            .plan();

    assertThat(plan.blocked())
        .extracting(BlockedWorkload::key)
        .containsExactly("aks-1/shop/Deployment/win");
    assertThat(plan.workloads())
        .extracting(WorkloadPlan::key)
        .containsExactly("aks-1/shop/Deployment/cart");
    assertThat(plan.identities().get(0).allocations().get(0).credentials())
        .extracting(FederatedCredentialPlan::subject)
        .containsExactly("system:serviceaccount:shop:cart");
  }

  @Test
  void clusterStepsSayWhatMustBeEnabledFirst() {
    MigrationPlan plan =
        new Fleet()
            .cluster("aks-ready")
            .cluster("aks-no-issuer", null, false)
            .cluster("aks-no-webhook", Fleet.issuer("aks-no-webhook"), false)
            .add(w("aks-ready", "shop", "a"))
            .add(w("aks-no-issuer", "shop", "b"))
            .add(w("aks-no-webhook", "shop", "c"))
            .add(w("aks-unseen", "shop", "d"))
            .plan();

    assertThat(plan.clusters())
        .extracting(
            ClusterPlan::clusterId, ClusterPlan::observed, ClusterPlan::enableWorkloadIdentity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("aks-no-issuer", true, true),
            org.assertj.core.groups.Tuple.tuple("aks-no-webhook", true, true),
            org.assertj.core.groups.Tuple.tuple("aks-ready", true, false),
            org.assertj.core.groups.Tuple.tuple("aks-unseen", false, true));
    assertThat(plan.clusters().get(0).reason()).contains("OIDC issuer not enabled");
    assertThat(plan.clusters().get(1).reason()).contains("webhook not installed");
    assertThat(plan.clusters().get(3).reason()).contains("no ClusterObserved");
  }
}
