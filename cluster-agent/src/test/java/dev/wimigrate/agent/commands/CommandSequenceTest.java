package dev.wimigrate.agent.commands;

import static dev.wimigrate.agent.commands.Samples.cleanup;
import static dev.wimigrate.agent.commands.Samples.ensure;
import static dev.wimigrate.agent.commands.Samples.patch;
import static dev.wimigrate.agent.commands.Samples.restart;
import static dev.wimigrate.agent.commands.Samples.rollback;
import static dev.wimigrate.agent.commands.Samples.verify;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wimigrate.events.cluster.CleanedUp;
import dev.wimigrate.events.cluster.RolledBack;
import dev.wimigrate.events.cluster.ServiceAccountReady;
import dev.wimigrate.events.cluster.WorkloadPatched;
import dev.wimigrate.events.cluster.WorkloadRolledOut;
import dev.wimigrate.events.cluster.WorkloadVerified;
import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.StepFailed;
import dev.wimigrate.events.common.WorkloadKind;
import dev.wimigrate.events.common.WorkloadRef;
import dev.wimigrate.testkit.kube.ControlPlane;
import dev.wimigrate.testkit.kube.ControlPlanes;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The commands against a real kube-apiserver with controller-manager, scheduler and KWOK nodes, so
 * the pods of the sample workloads really roll out. The test bed runs no Workload ID webhook: where
 * a test needs pods that carry the injected env and token volume, it plays the webhook by adding
 * them to the pod template (see {@link #playTheWebhook}).
 */
class CommandSequenceTest {

  static final String CLIENT = "11111111-1111-1111-1111-111111111111";
  static final Duration ROLLOUT = Duration.ofMinutes(2);
  static final Duration VERIFY = Duration.ofMinutes(2);

  static ControlPlane plane;
  static KubernetesClient kube;
  static CommandHandler handler;

  @BeforeAll
  static void controlPlane() {
    plane = ControlPlanes.shared();
    kube = plane.client();
    Samples.installCrds(plane);
    handler = Samples.handler(kube, ROLLOUT);
  }

  static Stream<Arguments> workloads() {
    return Stream.of(
        Arguments.of(
            "Deployment on Linux with the proxy sidecar",
            WorkloadKind.DEPLOYMENT,
            false,
            false,
            true),
        Arguments.of(
            "StatefulSet on a Windows node", WorkloadKind.STATEFUL_SET, true, false, false),
        Arguments.of("DaemonSet with hostNetwork", WorkloadKind.DAEMON_SET, false, true, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("workloads")
  void fullSequenceMovesTheWorkloadToWorkloadIdAndRemovesPodIdentity(
      String name, WorkloadKind kind, boolean windows, boolean hostNetwork, boolean sidecar)
      throws Exception {
    String ns = Samples.namespace(kube, "seq");
    Samples.podIdentity(kube, ns, "orders", CLIENT);
    Samples.triggerAuthentication(kube, ns, "queue-auth");
    kube.resource(
            Samples.workload(
                kind, ns, "orders", Samples.template("orders", ns, null, windows, hostNetwork)))
        .create();
    WorkloadRef ref = new WorkloadRef(plane.name(), ns, kind, "orders");

    Event ready = handler.handle(ensure(ref, "orders-wi", CLIENT, false));
    assertThat(ready).isInstanceOf(ServiceAccountReady.class);
    assertThat(((ServiceAccountReady) ready).changed()).isTrue();
    ServiceAccount sa = kube.serviceAccounts().inNamespace(ns).withName("orders-wi").get();
    assertThat(sa.getMetadata().getAnnotations())
        .containsEntry("azure.workload.identity/client-id", CLIENT)
        .containsEntry("azure.workload.identity/tenant-id", Samples.TENANT)
        .containsEntry("azure.workload.identity/service-account-token-expiration", "3600");
    assertThat(sa.getMetadata().getLabels()).containsEntry("azure.workload.identity/use", "true");
    assertThat(sa.getMetadata().getManagedFields())
        .anyMatch(f -> "wimigrate".equals(f.getManager()));

    Event patched = handler.handle(patch(ref, "orders-wi", sidecar, false));
    assertThat(patched).isInstanceOf(WorkloadPatched.class);
    assertThat(((WorkloadPatched) patched).diff())
        .contains(
            "+ "
                + kind.kubernetesName()
                + "/"
                + ns
                + "/orders label azure.workload.identity/use=true")
        .contains("serviceAccountName: (default) -> orders-wi");
    PodTemplateSpec template = KubeGateway.templateSpec(get(ref));
    assertThat(template.getMetadata().getLabels())
        .containsEntry("azure.workload.identity/use", "true")
        .containsEntry("aadpodidbinding", ns); // parallel run
    assertThat(template.getSpec().getServiceAccountName()).isEqualTo("orders-wi");
    if (sidecar) {
      assertThat(template.getMetadata().getAnnotations())
          .containsEntry("azure.workload.identity/inject-proxy-sidecar", "true")
          .containsEntry("azure.workload.identity/proxy-sidecar-port", "8081");
    }

    Event rolledOut = handler.handle(restart(ref, false));
    assertThat(rolledOut).isInstanceOf(WorkloadRolledOut.class);
    // without a webhook the new pods run, but without Workload ID: verification says so
    Event notInjected = handler.handle(verify(ref, VERIFY));
    assertThat(notInjected).isInstanceOf(StepFailed.class);
    assertThat(((StepFailed) notInjected).errorCode()).isEqualTo("WorkloadIdentityNotInjected");
    assertThat(((StepFailed) notInjected).reason())
        .contains("lacks env AZURE_FEDERATED_TOKEN_FILE")
        .contains("no projected service account token volume");

    playTheWebhook(ref, sidecar);
    assertThat(handler.handle(restart(ref, false))).isInstanceOf(WorkloadRolledOut.class);
    Event verified = handler.handle(verify(ref, VERIFY));
    assertThat(verified).isInstanceOf(WorkloadVerified.class);
    WorkloadVerified v = (WorkloadVerified) verified;
    assertThat(v.readyPods()).isPositive();
    assertThat(v.envInjected()).isTrue();
    assertThat(v.tokenVolumePresent()).isTrue();
    assertThat(v.sidecarPresent()).isEqualTo(sidecar);

    Event cleaned = handler.handle(cleanup(ref, "orders", false));
    assertThat(cleaned).isInstanceOf(CleanedUp.class);
    assertThat(((CleanedUp) cleaned).deletedObjects())
        .containsExactlyInAnyOrder(
            "AzureIdentityBinding/" + ns + "/orders-binding", "AzureIdentity/" + ns + "/orders-id");
    assertThat(((CleanedUp) cleaned).updatedObjects())
        .containsExactlyInAnyOrder(
            kind.kubernetesName() + "/" + ns + "/orders",
            "TriggerAuthentication/" + ns + "/queue-auth");
    assertThat(KubeGateway.templateSpec(get(ref)).getMetadata().getLabels())
        .doesNotContainKey("aadpodidbinding")
        .containsEntry("azure.workload.identity/use", "true");
    assertThat(custom(KubeGateway.AZURE_IDENTITY_BINDING, ns)).isEmpty();
    assertThat(custom(KubeGateway.AZURE_IDENTITY, ns)).isEmpty();
    assertThat(custom(KubeGateway.TRIGGER_AUTHENTICATION, ns))
        .singleElement()
        .satisfies(
            ta ->
                assertThat(ta.getAdditionalProperties().get("spec"))
                    .isEqualTo(
                        Map.of(
                            "podIdentity",
                            Map.of("provider", "azure-workload", "identityId", CLIENT))));
  }

  @Test
  void cleanupKeepsBindingsAnotherWorkloadStillSelects() throws Exception {
    String ns = Samples.namespace(kube, "shared");
    Samples.podIdentity(kube, ns, "orders", CLIENT);
    for (String app : List.of("orders-api", "orders-worker")) {
      kube.resource(
              Samples.workload(
                  WorkloadKind.DEPLOYMENT, ns, app, Samples.template(app, ns, null, false, false)))
          .create();
    }
    WorkloadRef api = new WorkloadRef(plane.name(), ns, WorkloadKind.DEPLOYMENT, "orders-api");
    WorkloadRef worker =
        new WorkloadRef(plane.name(), ns, WorkloadKind.DEPLOYMENT, "orders-worker");

    CleanedUp first = (CleanedUp) handler.handle(cleanup(api, "orders", false));
    assertThat(first.deletedObjects()).isEmpty();
    assertThat(custom(KubeGateway.AZURE_IDENTITY_BINDING, ns)).hasSize(1);

    CleanedUp last = (CleanedUp) handler.handle(cleanup(worker, "orders", false));
    assertThat(last.deletedObjects()).hasSize(2);
  }

  @Test
  void rollbackRestoresTheOriginalObjectsExactly() throws Exception {
    String ns = Samples.namespace(kube, "rollback");
    Samples.podIdentity(kube, ns, "orders", CLIENT);
    Samples.triggerAuthentication(kube, ns, "queue-auth");
    // the Deployment runs as its own account, which the migration annotates
    kube.serviceAccounts()
        .inNamespace(ns)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("orders")
                .withLabels(Map.of("team", "shop"))
                .withAnnotations(Map.of("owner", "ops"))
                .endMetadata()
                .build())
        .create();
    kube.resource(
            Samples.workload(
                WorkloadKind.DEPLOYMENT,
                ns,
                "orders",
                Samples.template("orders", ns, "orders", false, false)))
        .create();
    // the CronJob runs as the default account; the migration creates one for it
    kube.resource(
            Samples.workload(
                WorkloadKind.CRON_JOB,
                ns,
                "nightly",
                Samples.template("nightly", ns, null, false, false)))
        .create();
    WorkloadRef deployment = new WorkloadRef(plane.name(), ns, WorkloadKind.DEPLOYMENT, "orders");
    WorkloadRef cronJob = new WorkloadRef(plane.name(), ns, WorkloadKind.CRON_JOB, "nightly");
    TemplateState deploymentBefore = KubeGateway.templateOf(get(deployment));
    TemplateState cronJobBefore = KubeGateway.templateOf(get(cronJob));
    ServiceAccount accountBefore = kube.serviceAccounts().inNamespace(ns).withName("orders").get();
    List<GenericKubernetesResource> podIdentityBefore =
        Stream.concat(
                custom(KubeGateway.AZURE_IDENTITY, ns).stream(),
                custom(KubeGateway.AZURE_IDENTITY_BINDING, ns).stream())
            .toList();

    assertThat(handler.handle(ensure(deployment, "orders", CLIENT, false)))
        .isInstanceOf(ServiceAccountReady.class);
    assertThat(handler.handle(patch(deployment, "orders", true, false)))
        .isInstanceOf(WorkloadPatched.class);
    assertThat(handler.handle(restart(deployment, false))).isInstanceOf(WorkloadRolledOut.class);
    assertThat(handler.handle(ensure(cronJob, "nightly-wi", CLIENT, false)))
        .isInstanceOf(ServiceAccountReady.class);
    assertThat(handler.handle(patch(cronJob, "nightly-wi", false, false)))
        .isInstanceOf(WorkloadPatched.class);
    assertThat(handler.handle(restart(cronJob, false))).isInstanceOf(WorkloadRolledOut.class);
    assertThat(handler.handle(cleanup(deployment, "orders", false))).isInstanceOf(CleanedUp.class);
    CleanedUp last = (CleanedUp) handler.handle(cleanup(cronJob, "orders", false));
    assertThat(last.deletedObjects()).hasSize(2);

    RolledBack cronJobBack = (RolledBack) handler.handle(rollback(cronJob, false));
    assertThat(cronJobBack.restoredObjects())
        .contains(
            "AzureIdentity/" + ns + "/orders-id",
            "AzureIdentityBinding/" + ns + "/orders-binding",
            "ServiceAccount/" + ns + "/nightly-wi",
            "CronJob/" + ns + "/nightly");
    RolledBack deploymentBack = (RolledBack) handler.handle(rollback(deployment, false));
    assertThat(deploymentBack.restoredObjects())
        .contains(
            "TriggerAuthentication/" + ns + "/queue-auth",
            "ServiceAccount/" + ns + "/orders",
            "Deployment/" + ns + "/orders");

    assertThat(KubeGateway.templateOf(get(deployment))).isEqualTo(deploymentBefore);
    assertThat(KubeGateway.templateOf(get(cronJob))).isEqualTo(cronJobBefore);
    assertThat(KubeGateway.templateSpec(get(deployment)).getSpec().getServiceAccount())
        .isEqualTo("orders");
    assertThat(KubeGateway.templateSpec(get(cronJob)).getSpec().getServiceAccount()).isNull();
    assertThat(get(deployment).getMetadata().getAnnotations())
        .doesNotContainKey(WorkloadIdentityKeys.PRE_MIGRATION);
    ServiceAccount accountAfter = kube.serviceAccounts().inNamespace(ns).withName("orders").get();
    assertThat(accountAfter.getMetadata().getLabels())
        .isEqualTo(accountBefore.getMetadata().getLabels());
    assertThat(accountAfter.getMetadata().getAnnotations())
        .isEqualTo(accountBefore.getMetadata().getAnnotations());
    assertThat(kube.serviceAccounts().inNamespace(ns).withName("nightly-wi").get()).isNull();
    assertThat(
            Stream.concat(
                    custom(KubeGateway.AZURE_IDENTITY, ns).stream(),
                    custom(KubeGateway.AZURE_IDENTITY_BINDING, ns).stream())
                .map(
                    r ->
                        r.getKind()
                            + "/"
                            + r.getMetadata().getName()
                            + " "
                            + r.getAdditionalProperties().get("spec"))
                .toList())
        .containsExactlyInAnyOrderElementsOf(
            podIdentityBefore.stream()
                .map(
                    r ->
                        r.getKind()
                            + "/"
                            + r.getMetadata().getName()
                            + " "
                            + r.getAdditionalProperties().get("spec"))
                .toList());
    assertThat(custom(KubeGateway.TRIGGER_AUTHENTICATION, ns))
        .singleElement()
        .satisfies(
            ta ->
                assertThat(ta.getAdditionalProperties().get("spec"))
                    .isEqualTo(Map.of("podIdentity", Map.of("provider", "azure"))));
    // a re-delivered rollback finds nothing left to restore
    // (the restored template differs from the migrated one, so the pods roll back by themselves)
    RolledBack again = (RolledBack) handler.handle(rollback(deployment, false));
    assertThat(again.restoredObjects()).isEmpty();
    assertThat(KubeGateway.templateOf(get(deployment))).isEqualTo(deploymentBefore);
  }

  @Test
  void dryRunChangesNothingAndReportsTheDiff() throws Exception {
    String ns = Samples.namespace(kube, "dryrun");
    Samples.podIdentity(kube, ns, "orders", CLIENT);
    Samples.triggerAuthentication(kube, ns, "queue-auth");
    kube.resource(
            Samples.workload(
                WorkloadKind.DEPLOYMENT,
                ns,
                "orders",
                Samples.template("orders", ns, null, false, false)))
        .create();
    WorkloadRef ref = new WorkloadRef(plane.name(), ns, WorkloadKind.DEPLOYMENT, "orders");
    HasMetadata before = get(ref);

    ServiceAccountReady ready =
        (ServiceAccountReady) handler.handle(ensure(ref, "orders-wi", CLIENT, true));
    assertThat(ready.changed()).isTrue();
    assertThat(ready.diff())
        .contains("+ ServiceAccount/" + ns + "/orders-wi (created)")
        .contains("annotation azure.workload.identity/client-id=" + CLIENT);
    WorkloadPatched patched = (WorkloadPatched) handler.handle(patch(ref, "orders-wi", true, true));
    assertThat(patched.changed()).isTrue();
    assertThat(patched.diff()).contains("azure.workload.identity/inject-proxy-sidecar=true");
    WorkloadRolledOut restarted = (WorkloadRolledOut) handler.handle(restart(ref, true));
    assertThat(restarted.revision())
        .startsWith("dry-run")
        .contains("kubectl.kubernetes.io/restartedAt");
    CleanedUp cleaned = (CleanedUp) handler.handle(cleanup(ref, "orders", true));
    assertThat(cleaned.deletedObjects()).hasSize(2);
    assertThat(cleaned.updatedObjects()).hasSize(2);
    assertThat(((RolledBack) handler.handle(rollback(ref, true))).restoredObjects()).isEmpty();

    HasMetadata after = get(ref);
    // (the resourceVersion moves with the controller's status updates; the spec may not)
    assertThat(after.getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());
    assertThat(KubeGateway.templateOf(after)).isEqualTo(KubeGateway.templateOf(before));
    assertThat(after.getMetadata().getAnnotations())
        .doesNotContainKey(WorkloadIdentityKeys.PRE_MIGRATION);
    assertThat(kube.serviceAccounts().inNamespace(ns).withName("orders-wi").get()).isNull();
    assertThat(custom(KubeGateway.AZURE_IDENTITY, ns)).hasSize(1);
    assertThat(custom(KubeGateway.AZURE_IDENTITY_BINDING, ns)).hasSize(1);
    assertThat(
            custom(KubeGateway.TRIGGER_AUTHENTICATION, ns)
                .get(0)
                .getAdditionalProperties()
                .get("spec"))
        .isEqualTo(Map.of("podIdentity", Map.of("provider", "azure")));
  }

  @Test
  void redeliveredCommandsDoNotRepeatWork() throws Exception {
    String ns = Samples.namespace(kube, "redeliver");
    Samples.podIdentity(kube, ns, "orders", CLIENT);
    kube.resource(
            Samples.workload(
                WorkloadKind.DEPLOYMENT,
                ns,
                "orders",
                Samples.template("orders", ns, null, false, false)))
        .create();
    WorkloadRef ref = new WorkloadRef(plane.name(), ns, WorkloadKind.DEPLOYMENT, "orders");

    var ensure = ensure(ref, "orders-wi", CLIENT, false);
    assertThat(((ServiceAccountReady) handler.handle(ensure)).changed()).isTrue();
    String saVersion =
        kube.serviceAccounts()
            .inNamespace(ns)
            .withName("orders-wi")
            .get()
            .getMetadata()
            .getResourceVersion();
    ServiceAccountReady again = (ServiceAccountReady) handler.handle(ensure);
    assertThat(again.changed()).isFalse();
    assertThat(again.diff()).isNull();
    assertThat(
            kube.serviceAccounts()
                .inNamespace(ns)
                .withName("orders-wi")
                .get()
                .getMetadata()
                .getResourceVersion())
        .isEqualTo(saVersion);

    var patch = patch(ref, "orders-wi", false, false);
    assertThat(((WorkloadPatched) handler.handle(patch)).changed()).isTrue();
    String recordAfterFirst =
        get(ref).getMetadata().getAnnotations().get(WorkloadIdentityKeys.PRE_MIGRATION);
    long generation = get(ref).getMetadata().getGeneration();
    WorkloadPatched patchedAgain = (WorkloadPatched) handler.handle(patch);
    assertThat(patchedAgain.changed()).isFalse();
    assertThat(patchedAgain.diff()).isEmpty();
    assertThat(get(ref).getMetadata().getGeneration()).isEqualTo(generation);

    var restart = restart(ref, false);
    WorkloadRolledOut first = (WorkloadRolledOut) handler.handle(restart);
    HasMetadata restarted = get(ref);
    String restartedAt =
        KubeGateway.templateSpec(restarted)
            .getMetadata()
            .getAnnotations()
            .get("kubectl.kubernetes.io/restartedAt");
    WorkloadRolledOut second = (WorkloadRolledOut) handler.handle(restart);
    assertThat(second.revision()).isEqualTo(first.revision());
    assertThat(get(ref).getMetadata().getGeneration())
        .isEqualTo(restarted.getMetadata().getGeneration());
    assertThat(
            KubeGateway.templateSpec(get(ref))
                .getMetadata()
                .getAnnotations()
                .get("kubectl.kubernetes.io/restartedAt"))
        .isEqualTo(restartedAt);
    // the pre-migration record still holds the state before the first command
    assertThat(get(ref).getMetadata().getAnnotations().get(WorkloadIdentityKeys.PRE_MIGRATION))
        .isEqualTo(recordAfterFirst)
        .contains("\"aadpodidbinding\":\"" + ns + "\"")
        .doesNotContain("azure.workload.identity/use");
  }

  @Test
  void aStuckRolloutIsReportedWithTheReason() throws Exception {
    String ns = Samples.namespace(kube, "stuck");
    PodTemplateSpec template = Samples.template("orders", ns, null, false, false);
    // a node pool that does not exist: the new pods can never be scheduled
    template.getSpec().setNodeSelector(Map.of("agentpool", "gone"));
    kube.resource(Samples.workload(WorkloadKind.DEPLOYMENT, ns, "orders", template)).create();
    WorkloadRef ref = new WorkloadRef(plane.name(), ns, WorkloadKind.DEPLOYMENT, "orders");
    CommandHandler impatient = Samples.handler(kube, Duration.ofSeconds(5));

    Event result = impatient.handle(restart(ref, false));

    assertThat(result).isInstanceOf(StepFailed.class);
    StepFailed failed = (StepFailed) result;
    assertThat(failed.errorCode()).isEqualTo("RolloutStuck");
    assertThat(failed.retryable()).isTrue();
    assertThat(failed.reason())
        .contains("Deployment/" + ns + "/orders did not finish its rollout")
        .contains("PodScheduled=False Unschedulable")
        .contains("node(s) didn't match Pod's node affinity/selector");
  }

  @Test
  void commandsThatCannotApplyAreFailuresWithTheReason() throws Exception {
    String ns = Samples.namespace(kube, "bare");
    kube.pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("lonely")
                .addToLabels("aadpodidbinding", "orders")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("registry.example/lonely:1")
                .endContainer()
                .endSpec()
                .build())
        .create();
    WorkloadRef pod = new WorkloadRef(plane.name(), ns, WorkloadKind.POD, "lonely");
    WorkloadRef missing = new WorkloadRef(plane.name(), ns, WorkloadKind.DEPLOYMENT, "missing");

    StepFailed immutable = (StepFailed) handler.handle(patch(pod, "orders-wi", false, false));
    assertThat(immutable.errorCode()).isEqualTo("TemplateImmutable");
    assertThat(immutable.retryable()).isFalse();
    StepFailed notFound = (StepFailed) handler.handle(ensure(missing, "sa", CLIENT, false));
    assertThat(notFound.errorCode()).isEqualTo("WorkloadNotFound");
    assertThat(notFound.reason()).isEqualTo("Deployment/" + ns + "/missing does not exist");
    StepFailed noAccount =
        (StepFailed)
            handler.handle(
                patch(
                    new WorkloadRef(plane.name(), ns, WorkloadKind.POD, "lonely"),
                    "x",
                    false,
                    false));
    assertThat(noAccount.stepName()).isEqualTo("PatchWorkload");
  }

  // -------------------------------------------------------------------- helpers

  /**
   * What the Workload ID webhook would add to each new pod (env, projected token volume, and the
   * proxy sidecar when annotated), added to the template because the test bed runs no webhook.
   */
  static void playTheWebhook(WorkloadRef ref, boolean sidecar) {
    HasMetadata object = get(ref);
    PodTemplateSpec template = KubeGateway.templateSpec(object);
    var spec = template.getSpec();
    List<EnvVar> env =
        List.of(
            new EnvVar("AZURE_CLIENT_ID", CLIENT, null),
            new EnvVar("AZURE_TENANT_ID", Samples.TENANT, null),
            new EnvVar(
                "AZURE_FEDERATED_TOKEN_FILE",
                "/var/run/secrets/azure/wi/token/azure-identity-token",
                null));
    if (sidecar) {
      spec.getContainers()
          .add(
              new ContainerBuilder()
                  .withName("azwi-proxy")
                  .withImage("wimigrate/proxy:0.1.0")
                  .build());
    }
    spec.getContainers()
        .forEach(
            c -> {
              c.setEnv(env);
              c.setVolumeMounts(
                  List.of(
                      new VolumeMountBuilder()
                          .withName("azure-identity-token")
                          .withMountPath("/var/run/secrets/azure/wi")
                          .withReadOnly(true)
                          .build()));
            });
    spec.setVolumes(
        List.of(
            new VolumeBuilder()
                .withName("azure-identity-token")
                .withNewProjected()
                .addNewSource()
                .withNewServiceAccountToken()
                .withAudience("api://AzureADTokenExchange")
                .withExpirationSeconds(3600L)
                .withPath("token/azure-identity-token")
                .endServiceAccountToken()
                .endSource()
                .endProjected()
                .build()));
    kube.resource(object).update();
  }

  static HasMetadata get(WorkloadRef ref) {
    return new KubeGateway(kube).workload(ref).orElseThrow();
  }

  static List<GenericKubernetesResource> custom(KubeGateway.CustomKind kind, String ns) {
    return new KubeGateway(kube).list(kind, ns);
  }
}
