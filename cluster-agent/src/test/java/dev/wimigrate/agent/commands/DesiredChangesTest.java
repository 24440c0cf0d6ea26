package dev.wimigrate.agent.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wimigrate.agent.commands.DesiredChanges.PodIdentityDeletions;
import dev.wimigrate.agent.commands.DesiredChanges.PodIdentityObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure desired-state functions, one table row per case. */
class DesiredChangesTest {

  static final String CLIENT = "11111111-1111-1111-1111-111111111111";
  static final String TENANT = "22222222-2222-2222-2222-222222222222";
  static final String RID =
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/orders";

  // ------------------------------------------------------------- service account

  static Stream<Arguments> serviceAccounts() {
    return Stream.of(
        Arguments.of(
            "new account gets client id, tenant id and the use label",
            AccountState.absent(),
            null,
            Map.of("azure.workload.identity/use", "true"),
            Map.of(
                "azure.workload.identity/client-id", CLIENT,
                "azure.workload.identity/tenant-id", TENANT)),
        Arguments.of(
            "token expiration is written when asked for",
            AccountState.absent(),
            7200L,
            Map.of("azure.workload.identity/use", "true"),
            Map.of(
                "azure.workload.identity/client-id", CLIENT,
                "azure.workload.identity/tenant-id", TENANT,
                "azure.workload.identity/service-account-token-expiration", "7200")),
        Arguments.of(
            "existing labels and annotations of the team are kept",
            new AccountState(true, Map.of("team", "shop"), Map.of("owner", "ops")),
            null,
            Map.of("team", "shop", "azure.workload.identity/use", "true"),
            Map.of(
                "owner", "ops",
                "azure.workload.identity/client-id", CLIENT,
                "azure.workload.identity/tenant-id", TENANT)),
        Arguments.of(
            "a stale client id is replaced",
            new AccountState(
                true,
                Map.of(),
                Map.of(
                    "azure.workload.identity/client-id", "33333333-3333-3333-3333-333333333333")),
            null,
            Map.of("azure.workload.identity/use", "true"),
            Map.of(
                "azure.workload.identity/client-id", CLIENT,
                "azure.workload.identity/tenant-id", TENANT)),
        Arguments.of(
            "an existing token expiration stays when none is asked for",
            new AccountState(
                true,
                Map.of(),
                Map.of("azure.workload.identity/service-account-token-expiration", "86400")),
            null,
            Map.of("azure.workload.identity/use", "true"),
            Map.of(
                "azure.workload.identity/client-id", CLIENT,
                "azure.workload.identity/tenant-id", TENANT,
                "azure.workload.identity/service-account-token-expiration", "86400")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("serviceAccounts")
  void serviceAccount(
      String name,
      AccountState current,
      Long expiration,
      Map<String, String> labels,
      Map<String, String> annotations) {
    AccountState desired = DesiredChanges.serviceAccount(current, CLIENT, TENANT, expiration);
    assertThat(desired.exists()).isTrue();
    assertThat(desired.labels()).isEqualTo(labels);
    assertThat(desired.annotations()).isEqualTo(annotations);
    // applying it again changes nothing
    assertThat(DesiredChanges.serviceAccount(desired, CLIENT, TENANT, expiration))
        .isEqualTo(desired);
  }

  // ------------------------------------------------------------- pod template

  static final TemplateState POD_IDENTITY =
      new TemplateState(
          Map.of("app", "orders", "aadpodidbinding", "orders"), Map.of("team", "shop"), null);

  static Stream<Arguments> templates() {
    return Stream.of(
        Arguments.of(
            "latest SDK: use label and account, pod identity label kept for the parallel run",
            POD_IDENTITY,
            false,
            null,
            true,
            new TemplateState(
                Map.of(
                    "app", "orders",
                    "aadpodidbinding", "orders",
                    "azure.workload.identity/use", "true"),
                Map.of("team", "shop"),
                "orders-wi")),
        Arguments.of(
            "sidecar with the default port: only the inject annotation",
            POD_IDENTITY,
            true,
            null,
            true,
            new TemplateState(
                Map.of(
                    "app", "orders",
                    "aadpodidbinding", "orders",
                    "azure.workload.identity/use", "true"),
                Map.of("team", "shop", "azure.workload.identity/inject-proxy-sidecar", "true"),
                "orders-wi")),
        Arguments.of(
            "sidecar on port 8081: inject and port annotations",
            POD_IDENTITY,
            true,
            8081,
            true,
            new TemplateState(
                Map.of(
                    "app", "orders",
                    "aadpodidbinding", "orders",
                    "azure.workload.identity/use", "true"),
                Map.of(
                    "team", "shop",
                    "azure.workload.identity/inject-proxy-sidecar", "true",
                    "azure.workload.identity/proxy-sidecar-port", "8081"),
                "orders-wi")),
        Arguments.of(
            "no parallel run: pod identity label removed",
            POD_IDENTITY,
            false,
            null,
            false,
            new TemplateState(
                Map.of("app", "orders", "azure.workload.identity/use", "true"),
                Map.of("team", "shop"),
                "orders-wi")),
        Arguments.of(
            "sidecar no longer planned: its annotations go",
            new TemplateState(
                Map.of("app", "orders"),
                Map.of(
                    "azure.workload.identity/inject-proxy-sidecar", "true",
                    "azure.workload.identity/proxy-sidecar-port", "8081"),
                "old"),
            false,
            null,
            true,
            new TemplateState(
                Map.of("app", "orders", "azure.workload.identity/use", "true"),
                Map.of(),
                "orders-wi")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("templates")
  void podTemplate(
      String name,
      TemplateState current,
      boolean sidecar,
      Integer port,
      boolean keepPodIdentity,
      TemplateState expected) {
    TemplateState desired =
        DesiredChanges.patchWorkload(current, "orders-wi", sidecar, port, keepPodIdentity);
    assertThat(desired).isEqualTo(expected);
    assertThat(DesiredChanges.patchWorkload(desired, "orders-wi", sidecar, port, keepPodIdentity))
        .isEqualTo(desired);
  }

  @Test
  void restartSetsRestartedAtLikeKubectlAndIsNotRepeatedForTheSameStep() {
    Instant at = Instant.parse("2026-12-01T10:00:00Z");
    TemplateState restarted = DesiredChanges.restart(POD_IDENTITY, "step-1", at);
    assertThat(restarted.annotations())
        .containsEntry("kubectl.kubernetes.io/restartedAt", "2026-12-01T10:00:00Z")
        .containsEntry("wimigrate.dev/restart-step", "step-1");
    assertThat(DesiredChanges.restart(restarted, "step-1", at.plusSeconds(60)))
        .isEqualTo(restarted);
    assertThat(
            DesiredChanges.restart(restarted, "step-2", at.plusSeconds(60))
                .annotations()
                .get("kubectl.kubernetes.io/restartedAt"))
        .isEqualTo("2026-12-01T10:01:00Z");
  }

  static Stream<Arguments> cleanups() {
    return Stream.of(
        Arguments.of(
            "pod identity label removed, the rest kept",
            POD_IDENTITY,
            new TemplateState(Map.of("app", "orders"), Map.of("team", "shop"), null)),
        Arguments.of(
            "already clean: unchanged",
            new TemplateState(Map.of("app", "orders"), Map.of(), "sa"),
            new TemplateState(Map.of("app", "orders"), Map.of(), "sa")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cleanups")
  void cleanupTemplate(String name, TemplateState current, TemplateState expected) {
    assertThat(DesiredChanges.cleanup(current)).isEqualTo(expected);
  }

  // ------------------------------------------------------------- KEDA

  static Stream<Arguments> kedas() {
    return Stream.of(
        Arguments.of(
            "azure becomes azure-workload with the identity's client id",
            Map.of("provider", "azure"),
            Map.of("provider", "azure-workload", "identityId", CLIENT)),
        Arguments.of(
            "an identityId for the same identity is kept as the client id",
            Map.of("provider", "azure", "identityId", CLIENT),
            Map.of("provider", "azure-workload", "identityId", CLIENT)),
        Arguments.of(
            "already azure-workload: nothing to change",
            Map.of("provider", "azure-workload"),
            null),
        Arguments.of("another provider: nothing to change", Map.of("provider", "aws"), null),
        Arguments.of("no podIdentity: nothing to change", null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kedas")
  void kedaTriggerAuthentication(
      String name, Map<String, Object> podIdentity, Map<String, Object> expected) {
    assertThat(DesiredChanges.kedaPodIdentity(podIdentity, CLIENT)).isEqualTo(expected);
  }

  // ------------------------------------------------------------- pod identity leftovers

  static final PodIdentityObject IDENTITY =
      new PodIdentityObject("AzureIdentity", "shop", "orders-id", RID);
  static final PodIdentityObject OTHER_IDENTITY =
      new PodIdentityObject(
          "AzureIdentity", "shop", "billing-id", RID.replace("orders", "billing"));
  static final PodIdentityObject BINDING =
      new PodIdentityObject("AzureIdentityBinding", "shop", "orders-binding", "orders");
  static final PodIdentityObject SECOND_BINDING =
      new PodIdentityObject("AzureIdentityBinding", "shop", "orders-binding-2", "orders-batch");
  static final PodIdentityObject OTHER_BINDING =
      new PodIdentityObject("AzureIdentityBinding", "shop", "billing-binding", "billing");

  static Stream<Arguments> leftovers() {
    return Stream.of(
        Arguments.of(
            "last user gone: binding and identity deleted",
            Set.of("billing"),
            List.of(BINDING),
            List.of(IDENTITY)),
        Arguments.of(
            "selector still used by another workload: nothing deleted",
            Set.of("orders", "billing"),
            List.of(),
            List.of()),
        Arguments.of(
            "one of two bindings unused: that binding goes, the identity stays",
            Set.of("orders-batch"),
            List.of(BINDING),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("leftovers")
  void unusedPodIdentity(
      String name,
      Set<String> selectorsInUse,
      List<PodIdentityObject> bindings,
      List<PodIdentityObject> identities) {
    Map<String, String> bindingIdentity = new HashMap<>();
    bindingIdentity.put(BINDING.key(), "orders-id");
    bindingIdentity.put(SECOND_BINDING.key(), "orders-id");
    bindingIdentity.put(OTHER_BINDING.key(), "billing-id");
    List<PodIdentityObject> allBindings =
        selectorsInUse.contains("orders-batch")
            ? List.of(BINDING, SECOND_BINDING, OTHER_BINDING)
            : List.of(BINDING, OTHER_BINDING);
    PodIdentityDeletions deletions =
        DesiredChanges.unusedPodIdentity(
            RID.toUpperCase(), // ARM ids compare case-insensitively
            List.of(IDENTITY, OTHER_IDENTITY),
            allBindings,
            bindingIdentity,
            selectorsInUse);
    assertThat(deletions.bindings()).isEqualTo(bindings);
    assertThat(deletions.identities()).isEqualTo(identities);
  }

  // ------------------------------------------------------------- patches and diffs

  static Stream<Arguments> templatePatches() {
    Map<String, Object> nullSa = new LinkedHashMap<>();
    nullSa.put("serviceAccountName", null);
    nullSa.put("serviceAccount", null);
    Map<String, Object> removedLabel = new LinkedHashMap<>();
    removedLabel.put("aadpodidbinding", null);
    return Stream.of(
        Arguments.of("equal states: empty patch", POD_IDENTITY, POD_IDENTITY, Map.of()),
        Arguments.of(
            "new label and account: both in the patch, deprecated alias included",
            POD_IDENTITY,
            new TemplateState(
                Map.of(
                    "app",
                    "orders",
                    "aadpodidbinding",
                    "orders",
                    "azure.workload.identity/use",
                    "true"),
                Map.of("team", "shop"),
                "orders-wi"),
            Map.of(
                "metadata", Map.of("labels", Map.of("azure.workload.identity/use", "true")),
                "spec", Map.of("serviceAccountName", "orders-wi", "serviceAccount", "orders-wi"))),
        Arguments.of(
            "restore to the default account: both fields removed",
            new TemplateState(Map.of(), Map.of(), "orders-wi"),
            new TemplateState(Map.of(), Map.of(), null),
            Map.of("spec", nullSa)),
        Arguments.of(
            "removed label: null in the merge patch",
            POD_IDENTITY,
            new TemplateState(Map.of("app", "orders"), Map.of("team", "shop"), null),
            Map.of("metadata", Map.of("labels", removedLabel))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("templatePatches")
  void templatePatch(
      String name, TemplateState before, TemplateState after, Map<String, Object> expected) {
    assertThat(DesiredChanges.templatePatch(before, after)).isEqualTo(expected);
  }

  @Test
  void diffNamesEveryChangedItem() {
    TemplateState after =
        DesiredChanges.patchWorkload(POD_IDENTITY, "orders-wi", true, 8081, false);
    assertThat(DesiredChanges.describe("Deployment/shop/orders", POD_IDENTITY, after))
        .containsExactly(
            "- Deployment/shop/orders label aadpodidbinding=orders",
            "+ Deployment/shop/orders label azure.workload.identity/use=true",
            "+ Deployment/shop/orders annotation azure.workload.identity/inject-proxy-sidecar=true",
            "+ Deployment/shop/orders annotation azure.workload.identity/proxy-sidecar-port=8081",
            "~ Deployment/shop/orders serviceAccountName: (default) -> orders-wi");
  }

  @Test
  void preMigrationRecordRoundTripsAndKeepsTheFirstStateOfEachObject() {
    PreMigrationRecord record =
        PreMigrationRecord.of(POD_IDENTITY)
            .withAccount("orders-wi", AccountState.absent())
            .withTriggerAuthentication("queue", Map.of("provider", "azure"));
    assertThat(record.withAccount("orders-wi", new AccountState(true, Map.of(), Map.of())))
        .isSameAs(record);
    assertThat(record.withTriggerAuthentication("queue", Map.of("provider", "azure-workload")))
        .isSameAs(record);
    assertThat(PreMigrationRecord.fromJson(record.toJson())).contains(record);
    assertThat(PreMigrationRecord.fromJson(null)).isEmpty();
  }
}
