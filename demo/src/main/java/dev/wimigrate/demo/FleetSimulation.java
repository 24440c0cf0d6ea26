package dev.wimigrate.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wimigrate.testkit.azure.AzureEmulator;
import dev.wimigrate.testkit.azure.arm.ManagedIdentity;
import dev.wimigrate.testkit.kube.ControlPlane;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simulated fleet: what a platform team running aad-pod-identity has, on each real control
 * plane and in the Azure emulator.
 *
 * <p>Per cluster {@code demo-N}: the aad-pod-identity CRDs and KEDA's TriggerAuthentication CRD;
 * namespace {@code shop} with the team identity {@code team-N} (an AzureIdentity and binding)
 * shared by Deployments, a StatefulSet and a Windows Deployment of several service accounts, with
 * SDK hints {@code latest} and {@code legacy}; namespace {@code payments} with identity {@code
 * payments-N} and a KEDA TriggerAuthentication ({@code podIdentity.provider: azure}); on every
 * cluster but the last, identity {@code legacy-N} used by workloads that need a rewrite (a
 * hostNetwork DaemonSet with a legacy SDK, a Windows CronJob with a legacy SDK), so pod identity
 * and the add-on must stay there. On the first cluster, namespace {@code fanout} holds {@code
 * fanout} Deployments of one identity, {@code fleet-shared}, each with its own service account:
 * together with KEDA's operator they need more than 20 federated credentials, so the planner puts
 * the rest on an overflow identity {@code fleet-shared-wi-2}.
 *
 * <p>In Azure: every identity as a user-assigned identity with role assignments (the overflow copy
 * has something to copy) and a managed cluster per control plane with the pod identity add-on and
 * its entries; odd-numbered clusters have no OIDC issuer yet (the saga enables it through
 * identity-service), even-numbered ones have it, with the control plane's real issuer URL.
 */
public final class FleetSimulation {

  public static final String RESOURCE_GROUP = "rg-fleet";
  public static final String LOCATION = "westeurope";
  public static final String SDK_HINT = "wimigrate.dev/azure-sdk";
  static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
  static final String BLOB_READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
  static final ObjectMapper JSON = new ObjectMapper();

  /** A simulated workload and what the demo expects of it. */
  public record SimWorkload(
      String clusterId,
      String namespace,
      String kind,
      String name,
      String identity,
      String expectedPath,
      boolean failVerification) {

    /** The saga's workload key: {@code cluster/namespace/Kind/name}. */
    public String key() {
      return clusterId + "/" + namespace + "/" + kind + "/" + name;
    }

    public boolean migrates() {
      return !"REWRITE_REQUIRED".equals(expectedPath);
    }
  }

  /** One simulated cluster: its control plane and its ARM id in the emulator. */
  public record SimCluster(
      String clusterId, ControlPlane plane, String resourceId, boolean oidcIssuerAtStart) {}

  /** The whole fleet as populated. */
  public record Fleet(
      List<SimCluster> clusters,
      List<SimWorkload> workloads,
      Map<String, ManagedIdentity> identities,
      String overflowIdentity) {

    public List<SimWorkload> workloadsOf(String clusterId) {
      return workloads.stream().filter(w -> w.clusterId().equals(clusterId)).toList();
    }
  }

  private final AzureEmulator azure;
  private final int workloadsPerCluster;
  private final int fanout;
  private final Set<String> failVerification;

  /**
   * @param workloadsPerCluster the regular workloads per cluster (at least 6; the kinds cycle)
   * @param fanout Deployments of the shared identity on the first cluster (21 exceeds the budget)
   * @param failVerification workload keys ({@code cluster/namespace/name}) whose new pods will not
   *     get the Workload ID environment, so verification fails and the saga rolls them back
   */
  public FleetSimulation(
      AzureEmulator azure, int workloadsPerCluster, int fanout, Set<String> failVerification) {
    this.azure = azure;
    this.workloadsPerCluster = Math.max(6, workloadsPerCluster);
    this.fanout = fanout;
    this.failVerification = failVerification;
  }

  public Fleet populate(List<ControlPlane> planes) {
    List<SimCluster> clusters = new ArrayList<>();
    List<SimWorkload> workloads = new ArrayList<>();
    Map<String, ManagedIdentity> identities = new LinkedHashMap<>();
    for (int i = 0; i < planes.size(); i++) {
      ControlPlane plane = planes.get(i);
      int n = i + 1;
      boolean last = i == planes.size() - 1 && planes.size() > 1;
      String cluster = plane.name();
      KubernetesClient kube = plane.client();
      installCrds(kube);
      List<PodIdentityEntry> entries = new ArrayList<>();

      ManagedIdentity team = identity(identities, "team-" + n);
      ManagedIdentity payments = identity(identities, "payments-" + n);
      namespace(kube, "shop");
      namespace(kube, "payments");
      podIdentity(kube, entries, "shop", team);
      podIdentity(kube, entries, "payments", payments);
      triggerAuthentication(kube, "payments", "queue-scaler", payments.clientId());

      List<SimWorkload> mine = new ArrayList<>();
      // the regular workloads: kinds, OSes and SDK generations cycle
      String[][] shapes = {
        // kind, name, os, sdk, hostNetwork, own service account
        {"Deployment", "api", "linux", "latest", "false", "api"},
        {"Deployment", "worker", "linux", "legacy", "false", null},
        {"StatefulSet", "ledger", "linux", "latest", "false", "ledger"},
        {"Deployment", "win-api", "windows", "latest", "false", "win-api"},
        {"DaemonSet", "log-shipper", "linux", "latest", "false", "log-shipper"},
        {"Deployment", "cart", "linux", "legacy", "false", "cart"},
      };
      for (int w = 0; w < workloadsPerCluster - 2; w++) {
        String[] s = shapes[w % shapes.length];
        String name = w < shapes.length ? s[1] : s[1] + "-" + (w / shapes.length + 1);
        String sa = s[5] == null ? null : (w < shapes.length ? s[5] : name);
        mine.add(
            workload(
                kube,
                cluster,
                "shop",
                s[0],
                name,
                team,
                s[2],
                s[3],
                Boolean.parseBoolean(s[4]),
                sa));
      }
      mine.add(
          workload(
              kube,
              cluster,
              "payments",
              "Deployment",
              "payments",
              payments,
              "linux",
              "legacy",
              false,
              "payments"));
      if (!last) {
        ManagedIdentity legacy = identity(identities, "legacy-" + n);
        namespace(kube, "legacy");
        podIdentity(kube, entries, "legacy", legacy);
        mine.add(
            workload(
                kube,
                cluster,
                "legacy",
                "DaemonSet",
                "node-exporter",
                legacy,
                "linux",
                "legacy",
                true,
                "node-exporter"));
        mine.add(
            workload(
                kube,
                cluster,
                "legacy",
                "CronJob",
                "nightly-report",
                legacy,
                "windows",
                "legacy",
                false,
                "nightly-report"));
      }
      if (i == 0 && fanout > 0) {
        ManagedIdentity shared = identity(identities, "fleet-shared");
        namespace(kube, "fanout");
        podIdentity(kube, entries, "fanout", shared);
        triggerAuthentication(kube, "fanout", "fanout-scaler", shared.clientId());
        for (int f = 1; f <= fanout; f++) {
          String name = String.format("fan-%02d", f);
          mine.add(
              workload(
                  kube,
                  cluster,
                  "fanout",
                  "Deployment",
                  name,
                  shared,
                  "linux",
                  "latest",
                  false,
                  name));
        }
      }
      workloads.addAll(mine);

      String resourceId = managedCluster(plane, n, entries);
      clusters.add(new SimCluster(cluster, plane, resourceId, n % 2 == 0));
    }
    return new Fleet(
        List.copyOf(clusters),
        List.copyOf(workloads),
        identities,
        fanout > 0 ? "fleet-shared-wi-2" : null);
  }

  // ------------------------------------------------------------------ Azure

  private ManagedIdentity identity(Map<String, ManagedIdentity> identities, String name) {
    ManagedIdentity id = azure.createIdentity(RESOURCE_GROUP, name, LOCATION);
    String rg = "/subscriptions/" + azure.subscriptionId() + "/resourceGroups/" + RESOURCE_GROUP;
    azure.assignRole(rg, id.principalId(), READER);
    azure.assignRole(
        rg + "/providers/Microsoft.Storage/storageAccounts/st" + name.replace("-", ""),
        id.principalId(),
        BLOB_READER);
    identities.put(name, id);
    return id;
  }

  private record PodIdentityEntry(String namespace, ManagedIdentity identity) {}

  private String managedCluster(ControlPlane plane, int n, List<PodIdentityEntry> entries) {
    String name = plane.name();
    boolean oidc = n % 2 == 0;
    azure.clusterIssuerUrl(RESOURCE_GROUP, name, plane.issuerUrl());
    List<Map<String, Object>> identities = new ArrayList<>();
    for (PodIdentityEntry e : entries) {
      identities.add(
          Map.of(
              "name",
              e.identity().name(),
              "namespace",
              e.namespace(),
              "identity",
              Map.of(
                  "resourceId",
                  e.identity().id(),
                  "clientId",
                  e.identity().clientId(),
                  "objectId",
                  e.identity().principalId())));
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("kubernetesVersion", plane.kubernetesVersion().replaceFirst("^v", ""));
    properties.put("dnsPrefix", name);
    properties.put("oidcIssuerProfile", Map.of("enabled", oidc));
    properties.put("securityProfile", Map.of("workloadIdentity", Map.of("enabled", oidc)));
    properties.put(
        "podIdentityProfile", Map.of("enabled", true, "userAssignedIdentities", identities));
    try {
      String body = JSON.writeValueAsString(Map.of("location", LOCATION, "properties", properties));
      return azure.putManagedCluster(RESOURCE_GROUP, name, body).get("id").asText();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ Kubernetes

  static void installCrds(KubernetesClient kube) {
    for (String crds : new String[] {"/crds/aad-pod-identity.yaml", "/crds/keda.yaml"}) {
      try (InputStream in = FleetSimulation.class.getResourceAsStream(crds)) {
        kube.load(in).serverSideApply();
      } catch (Exception e) {
        throw new IllegalStateException("cannot install " + crds, e);
      }
    }
    // the API server serves new CRDs after a moment
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      try {
        kube.genericKubernetesResources("aadpodidentity.k8s.io/v1", "AzureIdentity")
            .inAnyNamespace()
            .list();
        kube.genericKubernetesResources("keda.sh/v1alpha1", "TriggerAuthentication")
            .inAnyNamespace()
            .list();
        return;
      } catch (RuntimeException notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        sleep(200);
      }
    }
  }

  private static void namespace(KubernetesClient kube, String name) {
    kube.namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
  }

  /** AzureIdentity {@code <identity>} and AzureIdentityBinding {@code <identity>-binding}. */
  private static void podIdentity(
      KubernetesClient kube, List<PodIdentityEntry> entries, String ns, ManagedIdentity id) {
    kube.resource(
            custom(
                "aadpodidentity.k8s.io/v1",
                "AzureIdentity",
                ns,
                id.name(),
                Map.of("type", 0, "resourceID", id.id(), "clientID", id.clientId())))
        .serverSideApply();
    kube.resource(
            custom(
                "aadpodidentity.k8s.io/v1",
                "AzureIdentityBinding",
                ns,
                id.name() + "-binding",
                Map.of("azureIdentity", id.name(), "selector", id.name())))
        .serverSideApply();
    entries.add(new PodIdentityEntry(ns, id));
  }

  private static void triggerAuthentication(
      KubernetesClient kube, String ns, String name, String clientId) {
    kube.resource(
            custom(
                "keda.sh/v1alpha1",
                "TriggerAuthentication",
                ns,
                name,
                Map.of("podIdentity", Map.of("provider", "azure", "identityId", clientId))))
        .serverSideApply();
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

  private SimWorkload workload(
      KubernetesClient kube,
      String cluster,
      String ns,
      String kind,
      String name,
      ManagedIdentity identity,
      String os,
      String sdk,
      boolean hostNetwork,
      String serviceAccount) {
    boolean fail = failVerification.contains(cluster + "/" + ns + "/" + name);
    if (serviceAccount != null) {
      kube.serviceAccounts()
          .inNamespace(ns)
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName(serviceAccount)
                  .endMetadata()
                  .build())
          .serverSideApply();
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app", name);
    labels.put("aadpodidbinding", identity.name());
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(SDK_HINT, sdk);
    annotations.put("team.example/owner", ns);
    if (fail) {
      // fault injection: the webhook leaves the app container alone, so the new pods lack the
      // Workload ID environment and token and VerifyWorkload fails (the saga rolls back)
      annotations.put("azure.workload.identity/skip-containers", "app");
    }
    PodSpecBuilder spec =
        new PodSpecBuilder()
            .withServiceAccountName(serviceAccount)
            .withHostNetwork(hostNetwork ? true : null)
            .withNodeSelector(Map.of("kubernetes.io/os", os))
            .addNewContainer()
            .withName("app")
            .withImage("registry.example/" + name + ":1")
            .endContainer();
    if (os.equals("windows")) {
      spec.withTolerations(
          new TolerationBuilder()
              .withKey("os")
              .withValue("windows")
              .withEffect("NoSchedule")
              .build());
    }
    PodTemplateSpec template =
        new PodTemplateSpecBuilder()
            .withNewMetadata()
            .withLabels(labels)
            .withAnnotations(annotations)
            .endMetadata()
            .withSpec(spec.build())
            .build();
    HasMetadata object =
        switch (kind) {
          case "Deployment" ->
              new DeploymentBuilder()
                  .withNewMetadata()
                  .withNamespace(ns)
                  .withName(name)
                  .endMetadata()
                  .withNewSpec()
                  .withReplicas(ns.equals("fanout") ? 1 : 2)
                  .withNewSelector()
                  .addToMatchLabels("app", name)
                  .endSelector()
                  .withTemplate(template)
                  .endSpec()
                  .build();
          case "StatefulSet" ->
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
          case "DaemonSet" ->
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
          case "CronJob" ->
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
          default -> throw new IllegalArgumentException(kind);
        };
    kube.resource(object).serverSideApply();
    String path;
    if (sdk.equals("latest")) {
      path = "LATEST_SDK";
    } else if (os.equals("windows") || hostNetwork) {
      path = "REWRITE_REQUIRED";
    } else {
      path = "SIDECAR";
    }
    return new SimWorkload(cluster, ns, kind, name, identity.name(), path, fail);
  }

  static Set<String> keys(List<SimWorkload> workloads) {
    Set<String> out = new LinkedHashSet<>();
    workloads.forEach(w -> out.add(w.key()));
    return out;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
