package dev.wimigrate.agent.commands;

import dev.wimigrate.events.cluster.CleanupPodIdentity;
import dev.wimigrate.events.cluster.EnsureServiceAccount;
import dev.wimigrate.events.cluster.PatchWorkload;
import dev.wimigrate.events.cluster.Rollback;
import dev.wimigrate.events.cluster.RolloutRestart;
import dev.wimigrate.events.cluster.VerifyWorkload;
import dev.wimigrate.events.common.ServiceAccountRef;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.common.WorkloadKind;
import dev.wimigrate.events.common.WorkloadRef;
import dev.wimigrate.testkit.kube.ControlPlane;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Sample namespaces that use pod identity, and the commands the orchestrator would send. */
final class Samples {

  static final String TENANT = "22222222-2222-2222-2222-222222222222";
  private static final AtomicInteger STEPS = new AtomicInteger();

  private Samples() {}

  /** Installs the pod identity and KEDA CRDs (idempotent). */
  static void installCrds(ControlPlane plane) {
    for (String crds : new String[] {"/crds/aad-pod-identity.yaml", "/crds/keda.yaml"}) {
      try (InputStream in = Samples.class.getResourceAsStream(crds)) {
        plane.client().load(in).serverSideApply();
      } catch (Exception e) {
        throw new IllegalStateException("cannot install " + crds, e);
      }
    }
  }

  static String namespace(KubernetesClient kube, String prefix) {
    String ns = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    kube.namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    return ns;
  }

  static String resourceId(String name) {
    return "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
        + name;
  }

  /**
   * AzureIdentity {@code <name>-id} (type 0) and AzureIdentityBinding {@code <name>-binding} with
   * the namespace as selector: aad-pod-identity matches selectors across namespaces, and every test
   * namespace must stay on its own.
   */
  static void podIdentity(KubernetesClient kube, String ns, String name, String clientId) {
    kube.resource(
            custom(
                "aadpodidentity.k8s.io/v1",
                "AzureIdentity",
                ns,
                name + "-id",
                Map.of("type", 0, "resourceID", resourceId(name), "clientID", clientId)))
        .create();
    kube.resource(
            custom(
                "aadpodidentity.k8s.io/v1",
                "AzureIdentityBinding",
                ns,
                name + "-binding",
                Map.of("azureIdentity", name + "-id", "selector", ns)))
        .create();
  }

  static void triggerAuthentication(KubernetesClient kube, String ns, String name) {
    kube.resource(
            custom(
                "keda.sh/v1alpha1",
                "TriggerAuthentication",
                ns,
                name,
                Map.of("podIdentity", Map.of("provider", "azure"))))
        .create();
  }

  static GenericKubernetesResource custom(
      String apiVersion, String kind, String ns, String name, Map<String, Object> spec) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(apiVersion)
        .withKind(kind)
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  /** A pod template labelled for pod identity; {@code windows} adds the OS selector/toleration. */
  static PodTemplateSpec template(
      String app, String selector, String serviceAccount, boolean windows, boolean hostNetwork) {
    Map<String, String> labels = new HashMap<>(Map.of("app", app));
    if (selector != null) {
      labels.put("aadpodidbinding", selector);
    }
    PodSpecBuilder spec =
        new PodSpecBuilder()
            .withServiceAccountName(serviceAccount)
            .withHostNetwork(hostNetwork ? true : null)
            .addNewContainer()
            .withName("app")
            .withImage("registry.example/" + app + ":1")
            .endContainer();
    if (windows) {
      spec.withNodeSelector(Map.of("kubernetes.io/os", "windows"))
          .withTolerations(
              List.<Toleration>of(
                  new TolerationBuilder()
                      .withKey("os")
                      .withValue("windows")
                      .withEffect("NoSchedule")
                      .build()));
    } else {
      spec.withNodeSelector(Map.of("kubernetes.io/os", "linux"));
    }
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(Map.of("team.example/owner", "shop"))
        .endMetadata()
        .withSpec(spec.build())
        .build();
  }

  static HasMetadata workload(WorkloadKind kind, String ns, String name, PodTemplateSpec template) {
    return switch (kind) {
      case DEPLOYMENT ->
          new DeploymentBuilder()
              .withNewMetadata()
              .withNamespace(ns)
              .withName(name)
              .endMetadata()
              .withNewSpec()
              .withReplicas(2)
              .withNewSelector()
              .addToMatchLabels("app", name)
              .endSelector()
              .withTemplate(template)
              .endSpec()
              .build();
      case STATEFUL_SET ->
          new StatefulSetBuilder()
              .withNewMetadata()
              .withNamespace(ns)
              .withName(name)
              .endMetadata()
              .withNewSpec()
              .withReplicas(1)
              .withServiceName(name)
              .withNewSelector()
              .addToMatchLabels("app", name)
              .endSelector()
              .withTemplate(template)
              .endSpec()
              .build();
      case DAEMON_SET ->
          new DaemonSetBuilder()
              .withNewMetadata()
              .withNamespace(ns)
              .withName(name)
              .endMetadata()
              .withNewSpec()
              .withNewSelector()
              .addToMatchLabels("app", name)
              .endSelector()
              .withTemplate(template)
              .endSpec()
              .build();
      case CRON_JOB ->
          new CronJobBuilder()
              .withNewMetadata()
              .withNamespace(ns)
              .withName(name)
              .endMetadata()
              .withNewSpec()
              .withSchedule("0 3 * * *")
              .withNewJobTemplate()
              .withNewSpec()
              .withTemplate(
                  new PodTemplateSpecBuilder(template)
                      .editSpec()
                      .withRestartPolicy("OnFailure")
                      .endSpec()
                      .build())
              .endSpec()
              .endJobTemplate()
              .endSpec()
              .build();
      default -> throw new IllegalArgumentException(kind.toString());
    };
  }

  static CommandHandler handler(KubernetesClient kube, Duration rolloutTimeout) {
    KubeGateway gateway = new KubeGateway(kube);
    Clock clock = Clock.systemUTC();
    return new CommandHandler(
        gateway, new RolloutWatcher(gateway, clock, rolloutTimeout, Duration.ofMillis(250)), clock);
  }

  // -------------------------------------------------------------------- commands

  static StepRef step() {
    return new StepRef(
        "mig-test",
        "step-" + STEPS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6),
        1);
  }

  static EnsureServiceAccount ensure(WorkloadRef ref, String sa, String clientId, boolean dryRun) {
    return new EnsureServiceAccount(
        step(), ref, new ServiceAccountRef(ref.namespace(), sa), clientId, TENANT, 3600L, dryRun);
  }

  static PatchWorkload patch(WorkloadRef ref, String sa, boolean sidecar, boolean dryRun) {
    return new PatchWorkload(step(), ref, sa, sidecar, sidecar ? 8081 : null, true, dryRun);
  }

  static RolloutRestart restart(WorkloadRef ref, boolean dryRun) {
    return new RolloutRestart(step(), ref, dryRun);
  }

  static VerifyWorkload verify(WorkloadRef ref, Duration timeout) {
    return new VerifyWorkload(step(), ref, timeout, false);
  }

  static CleanupPodIdentity cleanup(WorkloadRef ref, String identity, boolean dryRun) {
    return new CleanupPodIdentity(step(), ref, resourceId(identity), dryRun);
  }

  static Rollback rollback(WorkloadRef ref, boolean dryRun) {
    return new Rollback(step(), ref, dryRun);
  }
}
