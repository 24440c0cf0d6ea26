package dev.wimigrate.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wimigrate.demo.DemoEnvironment;
import dev.wimigrate.demo.FleetSimulation;
import dev.wimigrate.demo.FleetSimulation.SimWorkload;
import dev.wimigrate.demo.MigrationDriver;
import dev.wimigrate.testkit.azure.AzureEmulator;
import dev.wimigrate.testkit.azure.arm.FederatedCredential;
import dev.wimigrate.testkit.azure.arm.ManagedIdentity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The demo scenario, asserted: three real control planes populated by {@link FleetSimulation}, the
 * packaged services, one migration per cluster started through the REST API with an API key, and
 * one workload ({@code demo-1/shop/worker}) whose new pods the webhook leaves without the Workload
 * ID environment, so its verification fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetMigrationEndToEndTest {

  static final String FAILING = "demo-1/shop/worker";
  static final String AUDIENCE = "api://AzureADTokenExchange";
  static final ObjectMapper JSON = new ObjectMapper();

  DemoEnvironment env;
  MigrationDriver.Outcome outcome;
  final Map<String, String> templatesBefore = new HashMap<>();

  @BeforeAll
  void migrateTheFleet() {
    env =
        DemoEnvironment.start(
            new DemoEnvironment.Settings(3, 7, 21, Set.of(FAILING), false, Duration.ofSeconds(2)),
            line -> System.out.println("[fleet-e2e] " + line));
    for (SimWorkload w : env.fleet().workloads()) {
      templatesBefore.put(w.key(), templateJson(w));
    }
    outcome =
        new MigrationDriver(env.migrationApi(), line -> System.out.println("[fleet-e2e] " + line))
            .run(clusterIds(), false, Duration.ofMinutes(15));
  }

  @AfterAll
  void stop() {
    if (env != null) {
      env.close();
    }
  }

  List<String> clusterIds() {
    return env.fleet().clusters().stream().map(FleetSimulation.SimCluster::clusterId).toList();
  }

  @Test
  void everyMigrationEndsAndEveryWorkloadWhereItShould() {
    assertThat(outcome.views()).hasSize(3);
    outcome
        .views()
        .forEach(
            (cluster, view) ->
                assertThat(view.path("status").asText())
                    .as("migration of %s: %s", cluster, view.path("statusReason").asText())
                    .isIn("COMPLETED", "COMPLETED_WITH_FAILURES"));
    Map<String, String> expected = new LinkedHashMap<>();
    Map<String, String> actual = new LinkedHashMap<>();
    for (SimWorkload w : env.fleet().workloads()) {
      expected.put(
          w.key(), !w.migrates() ? "BLOCKED" : w.failVerification() ? "ROLLED_BACK" : "DONE");
      JsonNode saga = saga(w);
      actual.put(w.key(), saga == null ? "(absent)" : saga.path("phase").asText());
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void migratedWorkloadsRunWithWorkloadIdAndTheirTokensAreExchangedAtEntra() throws Exception {
    List<SimWorkload> migrated =
        env.fleet().workloads().stream()
            .filter(w -> w.migrates() && !w.failVerification())
            .toList();
    assertThat(migrated).hasSizeGreaterThan(30);
    for (SimWorkload w : migrated) {
      KubernetesClient kube = env.plane(w.clusterId()).client();
      PodTemplateSpec template = template(w);
      assertThat(template.getMetadata().getLabels())
          .as(w.key())
          .containsEntry("azure.workload.identity/use", "true")
          .doesNotContainKey("aadpodidbinding");
      List<Pod> pods = livePods(kube, w);
      assertThat(pods).as("live pods of %s", w.key()).isNotEmpty();
      String clientId = null;
      for (Pod pod : pods) {
        Container app = container(pod, "app").orElseThrow();
        assertThat(env(app, "AZURE_CLIENT_ID")).as(pod.getMetadata().getName()).isPresent();
        assertThat(env(app, "AZURE_FEDERATED_TOKEN_FILE")).isPresent();
        assertThat(env(app, "AZURE_TENANT_ID")).contains(env.azure().tenantId());
        Volume token = tokenVolume(pod).orElseThrow(() -> new AssertionError(w.key()));
        assertThat(token.getProjected().getSources().get(0).getServiceAccountToken().getAudience())
            .isEqualTo(AUDIENCE);
        if (w.expectedPath().equals("SIDECAR")) {
          assertThat(pod.getSpec().getInitContainers())
              .as("%s: the IMDS proxy sidecar", w.key())
              .anyMatch(c -> c.getName().equals("azwi-proxy"));
        }
        clientId = env(app, "AZURE_CLIENT_ID").orElseThrow();
      }
      String serviceAccount = pods.get(0).getSpec().getServiceAccountName();
      // what the workload's SDK does: a projected token of its service account, exchanged
      String assertion =
          kube.serviceAccounts()
              .inNamespace(w.namespace())
              .withName(serviceAccount)
              .tokenRequest(
                  new TokenRequestBuilder()
                      .withNewSpec()
                      .withAudiences(AUDIENCE)
                      .withExpirationSeconds(600L)
                      .endSpec()
                      .build())
              .getStatus()
              .getToken();
      HttpResponse<String> exchange = exchange(env.azure(), clientId, assertion);
      assertThat(exchange.statusCode())
          .as(
              "token exchange for %s (%s as %s): %s",
              w.key(), serviceAccount, clientId, exchange.body())
          .isEqualTo(200);
      assertThat(JSON.readTree(exchange.body()).path("access_token").asText()).isNotBlank();
    }
  }

  @Test
  void everyCredentialExistsOnceNoIdentityHoldsMoreThan20AndTheOverflowIdentityHasTheRoles() {
    AzureEmulator azure = env.azure();
    Map<String, Integer> perIdentity = new LinkedHashMap<>();
    for (ManagedIdentity id : azure.identities()) {
      List<FederatedCredential> fics = azure.federatedCredentials(id);
      perIdentity.put(id.name(), fics.size());
      Set<String> pairs = new HashSet<>();
      for (FederatedCredential f : fics) {
        assertThat(pairs.add(f.issuer() + " " + f.subject()))
            .as("%s holds %s once", id.name(), f.subject())
            .isTrue();
      }
    }
    System.out.println("[fleet-e2e] credentials per identity: " + perIdentity);
    assertThat(perIdentity.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(20));
    // 21 fan-out service accounts of one identity in demo-1, plus KEDA's operator (its scaler uses
    // the identity): the original is full at 20, the rest went to the overflow identity
    assertThat(perIdentity.get("fleet-shared")).isEqualTo(20);
    assertThat(perIdentity.get("fleet-shared-wi-2")).isPositive();
    assertThat(perIdentity.get("fleet-shared") + perIdentity.get("fleet-shared-wi-2"))
        .isEqualTo(22);
    assertThat(
            azure
                .federatedCredentials(
                    azure.identities().stream()
                        .filter(i -> i.name().equals("fleet-shared"))
                        .findFirst()
                        .orElseThrow())
                .stream()
                .map(FederatedCredential::subject))
        .contains("system:serviceaccount:keda:keda-operator");

    // each migrated workload's credential: exactly one, on the identity its pods use
    for (SimWorkload w : env.fleet().workloads()) {
      if (!w.migrates() || w.failVerification()) {
        continue;
      }
      Pod pod = livePods(env.plane(w.clusterId()).client(), w).get(0);
      String clientId = env(container(pod, "app").orElseThrow(), "AZURE_CLIENT_ID").orElseThrow();
      ManagedIdentity id = azure.identityByClientId(clientId).orElseThrow();
      String subject =
          "system:serviceaccount:" + w.namespace() + ":" + pod.getSpec().getServiceAccountName();
      String issuer = env.plane(w.clusterId()).issuerUrl();
      long matching =
          azure.identities().stream()
              .flatMap(i -> azure.federatedCredentials(i).stream())
              .filter(f -> f.issuer().equals(issuer) && f.subject().equals(subject))
              .count();
      assertThat(matching).as("credentials for %s in the whole tenant", subject).isEqualTo(1);
      assertThat(azure.federatedCredentials(id))
          .as("%s's credential is on %s", w.key(), id.name())
          .anyMatch(f -> f.issuer().equals(issuer) && f.subject().equals(subject));
    }

    ManagedIdentity original = azure.identity(FleetSimulation.RESOURCE_GROUP, "fleet-shared").get();
    ManagedIdentity overflow =
        azure.identity(FleetSimulation.RESOURCE_GROUP, "fleet-shared-wi-2").get();
    Set<String> originalRoles =
        azure.roleAssignmentsOf(original.principalId()).stream()
            .map(r -> r.roleDefinitionId().replaceAll(".*/", "") + "@" + r.scope().toLowerCase())
            .collect(Collectors.toSet());
    Set<String> overflowRoles =
        azure.roleAssignmentsOf(overflow.principalId()).stream()
            .map(r -> r.roleDefinitionId().replaceAll(".*/", "") + "@" + r.scope().toLowerCase())
            .collect(Collectors.toSet());
    assertThat(overflowRoles).hasSize(2).containsAll(originalRoles);
  }

  @Test
  void rewriteRequiredWorkloadsAreReportedBlockedAndLeftUntouched() {
    List<SimWorkload> blocked =
        env.fleet().workloads().stream().filter(w -> !w.migrates()).toList();
    assertThat(blocked).hasSize(4); // a hostNetwork DaemonSet and a Windows CronJob on demo-1, -2
    for (SimWorkload w : blocked) {
      JsonNode saga = saga(w);
      assertThat(saga.path("phase").asText()).as(w.key()).isEqualTo("BLOCKED");
      assertThat(saga.path("path").asText()).isEqualTo("REWRITE_REQUIRED");
      assertThat(saga.path("reason").asText()).as(w.key()).containsAnyOf("Windows", "hostNetwork");
      assertThat(templateJson(w))
          .as("%s untouched", w.key())
          .isEqualTo(templatesBefore.get(w.key()));
    }
  }

  @Test
  void podIdentityIsCleanedWhereUnusedAndTheAddOnDisabledOnlyWhereNothingNeedsIt() {
    // demo-1: team-1 is still used by the rolled back worker, legacy-1 by the blocked workloads
    assertThat(azureIdentities("demo-1")).containsExactlyInAnyOrder("team-1", "legacy-1");
    assertThat(addOn("demo-1").path("enabled").asBoolean()).isTrue();
    assertThat(entries("demo-1")).containsExactlyInAnyOrder("shop/team-1", "legacy/legacy-1");
    // demo-2: only the blocked workloads' identity stays
    assertThat(azureIdentities("demo-2")).containsExactly("legacy-2");
    assertThat(addOn("demo-2").path("enabled").asBoolean()).isTrue();
    assertThat(entries("demo-2")).containsExactly("legacy/legacy-2");
    // demo-3: everything migrated, so pod identity is gone and the add-on is off
    assertThat(azureIdentities("demo-3")).isEmpty();
    assertThat(addOn("demo-3").path("enabled").asBoolean()).isFalse();
    assertThat(entries("demo-3")).isEmpty();
    // KEDA moved to Workload ID where its identity was migrated
    Map<String, String> scalers =
        Map.of(
            "demo-1/payments", "queue-scaler",
            "demo-1/fanout", "fanout-scaler",
            "demo-2/payments", "queue-scaler",
            "demo-3/payments", "queue-scaler");
    for (var s : scalers.entrySet()) {
      String cluster = s.getKey().split("/")[0];
      GenericKubernetesResource keda =
          env.plane(cluster)
              .client()
              .genericKubernetesResources("keda.sh/v1alpha1", "TriggerAuthentication")
              .inNamespace(s.getKey().split("/")[1])
              .withName(s.getValue())
              .get();
      @SuppressWarnings("unchecked")
      Map<String, Object> podIdentity =
          (Map<String, Object>)
              ((Map<String, Object>) keda.getAdditionalProperties().get("spec")).get("podIdentity");
      assertThat(podIdentity).as(s.getKey()).containsEntry("provider", "azure-workload");
    }
    // the OIDC issuer was enabled by the saga where it was off
    for (FleetSimulation.SimCluster c : env.fleet().clusters()) {
      JsonNode mc =
          env.azure().managedCluster(FleetSimulation.RESOURCE_GROUP, c.clusterId()).orElseThrow();
      assertThat(mc.path("properties").path("oidcIssuerProfile").path("issuerURL").asText())
          .as(c.clusterId())
          .isEqualTo(c.plane().issuerUrl());
    }
  }

  @Test
  void theWorkloadWhoseVerificationFailedIsBackOnPodIdentityAndTheOthersAreDone() {
    SimWorkload failing =
        env.fleet().workloads().stream().filter(SimWorkload::failVerification).findFirst().get();
    JsonNode saga = saga(failing);
    assertThat(saga.path("phase").asText()).isEqualTo("ROLLED_BACK");
    assertThat(saga.path("failure").asText()).contains("WorkloadIdentityNotInjected");
    PodTemplateSpec template = template(failing);
    assertThat(template.getMetadata().getLabels())
        .containsEntry("aadpodidbinding", "team-1")
        .doesNotContainKey("azure.workload.identity/use");
    assertThat(templateJson(failing))
        .as("the template is restored exactly (apart from the restart marker)")
        .isEqualTo(templatesBefore.get(failing.key()));
    List<Pod> pods = livePods(env.plane(failing.clusterId()).client(), failing);
    assertThat(pods).isNotEmpty();
    for (Pod pod : pods) {
      assertThat(env(container(pod, "app").orElseThrow(), "AZURE_CLIENT_ID")).isEmpty();
      assertThat(pod.getMetadata().getLabels()).containsEntry("aadpodidbinding", "team-1");
    }
    // the other workloads of its cluster and namespace are unaffected
    assertThat(
            env.fleet().workloadsOf("demo-1").stream()
                .filter(w -> w.migrates() && !w.failVerification())
                .map(w -> saga(w).path("phase").asText())
                .distinct())
        .containsExactly("DONE");
  }

  // ------------------------------------------------------------------ helpers

  JsonNode saga(SimWorkload w) {
    for (JsonNode n : outcome.views().get(w.clusterId()).path("workloads")) {
      if (n.path("key").asText().equals(w.key())) {
        return n;
      }
    }
    return null;
  }

  HasMetadata object(SimWorkload w) {
    KubernetesClient kube = env.plane(w.clusterId()).client();
    return switch (w.kind()) {
      case "Deployment" ->
          kube.apps().deployments().inNamespace(w.namespace()).withName(w.name()).get();
      case "StatefulSet" ->
          kube.apps().statefulSets().inNamespace(w.namespace()).withName(w.name()).get();
      case "DaemonSet" ->
          kube.apps().daemonSets().inNamespace(w.namespace()).withName(w.name()).get();
      case "CronJob" ->
          kube.batch().v1().cronjobs().inNamespace(w.namespace()).withName(w.name()).get();
      default -> throw new IllegalArgumentException(w.kind());
    };
  }

  PodTemplateSpec template(SimWorkload w) {
    HasMetadata o = object(w);
    if (o instanceof Deployment d) {
      return d.getSpec().getTemplate();
    }
    if (o instanceof StatefulSet s) {
      return s.getSpec().getTemplate();
    }
    if (o instanceof DaemonSet d) {
      return d.getSpec().getTemplate();
    }
    return ((CronJob) o).getSpec().getJobTemplate().getSpec().getTemplate();
  }

  /** The pod template without the restart marker a rollback keeps (kubectl's restartedAt). */
  String templateJson(SimWorkload w) {
    try {
      PodTemplateSpec t = template(w);
      Map<String, String> annotations = new LinkedHashMap<>();
      if (t.getMetadata().getAnnotations() != null) {
        annotations.putAll(t.getMetadata().getAnnotations());
      }
      annotations.remove("kubectl.kubernetes.io/restartedAt");
      annotations.remove("wimigrate.dev/restart-step");
      return JSON.writeValueAsString(
          Map.of(
              "labels", t.getMetadata().getLabels(),
              "annotations", annotations,
              "spec", t.getSpec()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Pod> livePods(KubernetesClient kube, SimWorkload w) {
    return kube
        .pods()
        .inNamespace(w.namespace())
        .withLabel("app", w.name())
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> "Running".equals(p.getStatus().getPhase()))
        .toList();
  }

  static Optional<Container> container(Pod pod, String name) {
    return pod.getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst();
  }

  static Optional<String> env(Container c, String name) {
    return c.getEnv() == null
        ? Optional.empty()
        : c.getEnv().stream()
            .filter(e -> e.getName().equals(name))
            .map(EnvVar::getValue)
            .findFirst();
  }

  static Optional<Volume> tokenVolume(Pod pod) {
    return pod.getSpec().getVolumes().stream()
        .filter(v -> v.getProjected() != null)
        .filter(
            v ->
                v.getProjected().getSources().stream()
                    .anyMatch(
                        s ->
                            s.getServiceAccountToken() != null
                                && AUDIENCE.equals(s.getServiceAccountToken().getAudience())))
        .findFirst();
  }

  List<String> azureIdentities(String cluster) {
    List<String> names = new ArrayList<>();
    env.plane(cluster)
        .client()
        .genericKubernetesResources("aadpodidentity.k8s.io/v1", "AzureIdentity")
        .inAnyNamespace()
        .list()
        .getItems()
        .forEach(r -> names.add(r.getMetadata().getName()));
    return names;
  }

  JsonNode addOn(String cluster) {
    return env.azure()
        .managedCluster(FleetSimulation.RESOURCE_GROUP, cluster)
        .orElseThrow()
        .path("properties")
        .path("podIdentityProfile");
  }

  List<String> entries(String cluster) {
    List<String> out = new ArrayList<>();
    addOn(cluster)
        .path("userAssignedIdentities")
        .forEach(e -> out.add(e.path("namespace").asText() + "/" + e.path("name").asText()));
    return out;
  }

  static HttpResponse<String> exchange(AzureEmulator azure, String clientId, String assertion)
      throws Exception {
    String form =
        "grant_type=client_credentials&client_id="
            + enc(clientId)
            + "&scope="
            + enc("https://management.azure.com/.default")
            + "&client_assertion_type="
            + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
            + "&client_assertion="
            + enc(assertion);
    return HttpClient.newBuilder()
        .sslContext(azure.sslContext())
        .build()
        .send(
            HttpRequest.newBuilder(URI.create(azure.tokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
