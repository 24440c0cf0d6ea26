package dev.wimigrate.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.wimigrate.events.Topics;
import dev.wimigrate.testkit.kube.ControlPlane;
import dev.wimigrate.testkit.kube.ControlPlanes;
import dev.wimigrate.testkit.process.CommandResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Helm charts in {@code deploy/helm} ({@code wimigrate}, {@code cluster-agent}, {@code
 * webhook}) pass {@code helm lint --strict} and render, with their defaults (plus the required
 * values) and with non-default values, what the services need: the saga orchestrator as exactly one
 * replica replaced with Recreate, a KafkaTopic and a dead-letter topic for every topic of {@link
 * Topics} plus the compacted {@code wimigrate.saga}, hardened and probed pods, environment
 * variables the programs really read, no secret value inline, the cluster agent's RBAC exactly as
 * {@code deploy/cluster-agent/rbac.yaml} (which {@code AgentRbacTest} proves sufficient and
 * minimal), and a render failure without a cluster id. Every rendered object then passes the real
 * kube-apiserver's validation (server-side dry run, pods under Pod Security "restricted", the
 * KafkaTopics against a stand-in of Strimzi's CRD).
 *
 * <p>Helm is built by {@code scripts/install-helm.sh} (called by {@code scripts/prerequisites.sh})
 * into {@code ~/.cache/wimigrate/tools}; without it this test fails and says so.
 */
class HelmChartsTest {

  static final Path ROOT = repositoryRoot();
  static final Path CHARTS = ROOT.resolve("deploy/helm");
  static final List<String> CHART_NAMES = List.of("wimigrate", "cluster-agent", "webhook");
  static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  static final String CLIENT = "33333333-3333-3333-3333-333333333333";
  static final long SEVEN_DAYS_MS = Duration.ofDays(7).toMillis();
  static final long FOURTEEN_DAYS_MS = Duration.ofDays(14).toMillis();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Path helm;

  /** A chart rendered with its defaults plus only the required values, or with a values file. */
  enum Values {
    DEFAULTS,
    CUSTOM
  }

  @BeforeAll
  static void helmIsInstalled() {
    helm = locateHelm();
  }

  @Test
  void everyChartPassesStrictLintWithDefaultAndCustomValues() {
    for (String chart : CHART_NAMES) {
      List<List<String>> valueSets =
          List.of(List.of(), required(chart), List.of("-f", customValues(chart).toString()));
      for (List<String> values : valueSets) {
        List<String> command = new ArrayList<>(List.of("lint", "--strict", chartDir(chart)));
        command.addAll(values);
        CommandResult lint = helm(command);
        assertThat(lint.exitCode())
            .as("helm lint --strict %s %s:%n%s%s", chart, values, lint.stdout(), lint.stderr())
            .isZero();
        assertThat(lint.stdout()).contains("0 chart(s) failed");
      }
    }
  }

  @Test
  void inventoryServiceRunsAsExactlyOneReplicaReplacedWithRecreate() {
    for (Values values : Values.values()) {
      JsonNode inventory =
          only(render("wimigrate", values), "Deployment", n -> n.endsWith("-inventory-service"));
      assertThat(inventory.at("/spec/replicas").asInt()).as("%s", values).isEqualTo(1);
      assertThat(inventory.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
      // the other services may scale
      JsonNode identity =
          only(render("wimigrate", values), "Deployment", n -> n.endsWith("-identity-service"));
      assertThat(identity.at("/spec/strategy/type").asText()).isEqualTo("RollingUpdate");
    }
    // and there is no way to ask for more
    String refused =
        renderFailure("wimigrate", concat(required("wimigrate"), "--set", "inventory.replicas=2"));
    assertThat(refused).contains("/inventory").contains("'replicas' not allowed");
  }

  @Test
  void everyTopicOfTheCatalogueHasAKafkaTopicAndADeadLetterTopicPlusTheCompactedSaga()
      throws IOException {
    Set<String> expected = new TreeSet<>(Topics.allWithDlq());
    expected.add("wimigrate.saga");
    // docs/events.md lists the same topics as the code, plus the orchestrator's state topic
    Set<String> catalogue = new TreeSet<>(Topics.ALL);
    catalogue.add("wimigrate.saga");
    assertThat(topicsInTheEventCatalogue()).containsExactlyInAnyOrderElementsOf(catalogue);

    List<JsonNode> defaults = kinds(render("wimigrate", Values.DEFAULTS), "KafkaTopic");
    assertThat(defaults.stream().map(t -> t.at("/spec/topicName").asText()))
        .containsExactlyInAnyOrderElementsOf(expected);
    for (JsonNode topic : defaults) {
      String name = topic.at("/spec/topicName").asText();
      assertThat(topic.at("/apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1beta2");
      assertThat(topic.at("/metadata/name").asText()).isEqualTo(name);
      assertThat(topic.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("wimigrate");
      assertThat(topic.at("/metadata/namespace").asText()).isEqualTo("wimigrate");
      // uninstalling the chart leaves the topics and the state in them
      assertThat(topic.at("/metadata/annotations/helm.sh~1resource-policy").asText())
          .isEqualTo("keep");
      assertThat(topic.at("/spec/replicas").asInt()).isEqualTo(3);
      JsonNode config = topic.at("/spec/config");
      assertThat(config.get("min.insync.replicas").asInt()).isEqualTo(2);
      String policy = config.get("cleanup.policy").asText();
      if (name.equals(Topics.INVENTORY) || name.equals("wimigrate.saga")) {
        assertThat(policy).as(name).isEqualTo("compact");
        assertThat(config.has("retention.ms")).as(name).isFalse();
      } else if (Topics.isDlq(name)) {
        assertThat(policy).as(name).isEqualTo("delete");
        assertThat(config.get("retention.ms").isIntegralNumber()).as(name).isTrue();
        assertThat(config.get("retention.ms").asLong()).as(name).isEqualTo(FOURTEEN_DAYS_MS);
      } else {
        assertThat(policy).as(name).isEqualTo("delete");
        assertThat(config.get("retention.ms").isIntegralNumber()).as(name).isTrue();
        assertThat(config.get("retention.ms").asLong()).as(name).isEqualTo(SEVEN_DAYS_MS);
      }
      int partitions = topic.at("/spec/partitions").asInt();
      boolean migrations = name.startsWith(Topics.MIGRATIONS);
      assertThat(partitions).as(name).isEqualTo(migrations ? 3 : 6);
    }

    List<JsonNode> custom = kinds(render("wimigrate", Values.CUSTOM), "KafkaTopic");
    assertThat(custom).hasSameSizeAs(defaults);
    Map<String, Integer> partitions = new LinkedHashMap<>();
    for (JsonNode topic : custom) {
      assertThat(topic.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("central");
      assertThat(topic.at("/metadata/namespace").asText()).isEqualTo("kafka");
      assertThat(topic.at("/spec/replicas").asInt()).isEqualTo(2);
      partitions.put(topic.at("/spec/topicName").asText(), topic.at("/spec/partitions").asInt());
    }
    assertThat(partitions)
        .containsEntry(Topics.MIGRATIONS, 2)
        .containsEntry(Topics.RESULTS, 24)
        .containsEntry(Topics.dlq(Topics.RESULTS), 24)
        .containsEntry(Topics.INVENTORY, 12)
        .containsEntry("wimigrate.saga", 12);

    // topics first: without the services nothing else is rendered, and no Azure value is needed
    List<JsonNode> topicsOnly =
        render("wimigrate", "wimigrate", List.of("--set", "services.enabled=false"));
    assertThat(topicsOnly).isNotEmpty().allMatch(o -> o.get("kind").asText().equals("KafkaTopic"));
    assertThat(topicsOnly).hasSameSizeAs(defaults);

    // without Strimzi the topics are left to the operator
    assertThat(
            kinds(
                render(
                    "wimigrate",
                    "wimigrate",
                    concat(required("wimigrate"), "--set", "kafkaTopics.enabled=false")),
                "KafkaTopic"))
        .isEmpty();
  }

  @Test
  void everyPodIsHardenedProbedAndScrapedForPrometheus() {
    for (String chart : CHART_NAMES) {
      for (Values values : Values.values()) {
        List<JsonNode> deployments = kinds(render(chart, values), "Deployment");
        assertThat(deployments).isNotEmpty();
        for (JsonNode deployment : deployments) {
          String what = chart + " " + values + " " + name(deployment);
          JsonNode pod = deployment.at("/spec/template/spec");
          assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(what).isTrue();
          assertThat(pod.at("/securityContext/runAsUser").asInt()).as(what).isPositive();
          assertThat(pod.at("/securityContext/seccompProfile/type").asText())
              .as(what)
              .isEqualTo("RuntimeDefault");
          assertThat(pod.at("/nodeSelector/kubernetes.io~1os").asText()).isEqualTo("linux");
          for (JsonNode container : pod.get("containers")) {
            JsonNode security = container.get("securityContext");
            assertThat(security.get("readOnlyRootFilesystem").asBoolean()).as(what).isTrue();
            assertThat(security.get("allowPrivilegeEscalation").asBoolean()).as(what).isFalse();
            assertThat(security.at("/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
            assertThat(security.at("/capabilities/add").isMissingNode()).as(what).isTrue();
            for (String kind : List.of("requests", "limits")) {
              assertThat(container.at("/resources/" + kind).has("cpu")).as(what).isTrue();
              assertThat(container.at("/resources/" + kind).has("memory")).as(what).isTrue();
            }
            assertThat(container.at("/livenessProbe/httpGet/path").asText())
                .as(what)
                .isEqualTo("/q/health/live");
            assertThat(container.at("/readinessProbe/httpGet/path").asText())
                .as(what)
                .isEqualTo("/q/health/ready");
            int port = container.at("/ports/0/containerPort").asInt();
            String portName = container.at("/ports/0/name").asText();
            assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo(portName);
            assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo(portName);
            if (chart.equals("wimigrate")) {
              assertThat(port).as(what).isEqualTo(8080);
              assertThat(env(container)).containsEntry("HTTP_PORT", "8080");
            }
            JsonNode annotations = deployment.at("/spec/template/metadata/annotations");
            assertThat(annotations.get("prometheus.io/scrape").asText()).isEqualTo("true");
            assertThat(annotations.get("prometheus.io/path").asText()).isEqualTo("/q/metrics");
            assertThat(annotations.get("prometheus.io/port").asText())
                .isEqualTo(String.valueOf(port));
            assertThat(volumeMountPaths(container)).as(what).contains("/tmp");
          }
        }
      }
    }
  }

  @Test
  void centralServicesGetKafkaAzureAndAuthSettingsThroughTheirConfiguration() {
    // defaults: Workload ID of the services' own pods
    List<JsonNode> defaults = render("wimigrate", Values.DEFAULTS);
    for (String service : List.of("identity-service", "federation-service")) {
      JsonNode deployment = only(defaults, "Deployment", n -> n.endsWith("-" + service));
      JsonNode container = deployment.at("/spec/template/spec/containers/0");
      Map<String, String> env = env(container);
      assertThat(env)
          .containsEntry("WIMIGRATE_AZURE_TENANT_ID", TENANT)
          .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "wimigrate-kafka-bootstrap:9092")
          .doesNotContainKeys("WIMIGRATE_AZURE_CLIENT_ID", "WIMIGRATE_AZURE_CLIENT_SECRET");
      assertThat(
              deployment.at("/spec/template/metadata/labels/azure.workload.identity~1use").asText())
          .isEqualTo("true");
      JsonNode account = only(defaults, "ServiceAccount", n -> n.endsWith("-" + service));
      assertThat(account.at("/metadata/annotations/azure.workload.identity~1client-id").asText())
          .isEqualTo(CLIENT);
      assertThat(deployment.at("/spec/template/spec/serviceAccountName").asText())
          .isEqualTo(name(account));
    }
    JsonNode inventory = only(defaults, "Deployment", n -> n.endsWith("-inventory-service"));
    assertThat(env(inventory.at("/spec/template/spec/containers/0")).keySet())
        .containsExactlyInAnyOrder(
            "HTTP_PORT", "KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_CONFIG_LOCATIONS");

    // custom: a service principal with its secret from an existing Secret, extra CA, probes
    List<JsonNode> custom = render("wimigrate", Values.CUSTOM);
    JsonNode identity = only(custom, "Deployment", n -> n.equals("wm-identity-service"));
    JsonNode identityContainer = identity.at("/spec/template/spec/containers/0");
    assertThat(env(identityContainer))
        .containsEntry("WIMIGRATE_AZURE_CLIENT_ID", "22222222-2222-2222-2222-222222222222")
        .containsEntry("WIMIGRATE_AZURE_CA_FILE", "/etc/wimigrate/azure-ca/ca.pem")
        .containsEntry("WIMIGRATE_AZURE_CALL_TIMEOUT", "45s");
    JsonNode secret = envEntry(identityContainer, "WIMIGRATE_AZURE_CLIENT_SECRET");
    assertThat(secret.has("value")).isFalse();
    assertThat(secret.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("wimigrate-azure");
    assertThat(secret.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("secret");
    assertThat(volumeMountPaths(identityContainer)).contains("/etc/wimigrate/azure-ca");
    assertThat(identity.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(identityContainer.at("/image").asText())
        .isEqualTo("myacr.azurecr.io/wimigrate/identity-service:0.2.0");
    assertThat(identity.at("/spec/template/metadata/labels").has("azure.workload.identity/use"))
        .isFalse();
    JsonNode federation = only(custom, "Deployment", n -> n.equals("wm-federation-service"));
    assertThat(env(federation.at("/spec/template/spec/containers/0")))
        .containsEntry("WIMIGRATE_AZURE_CLIENT_ID", "11111111-1111-1111-1111-111111111111");
    assertThat(volumeMountPaths(federation.at("/spec/template/spec/containers/0")))
        .contains("/etc/wimigrate/probe-kubeconfigs", "/etc/wimigrate/config");
    assertThat(properties(custom, "wm-federation-service-config"))
        .contains(
            "wimigrate.federation.probe-kubeconfigs.\"prod-weu-01\"="
                + "/etc/wimigrate/probe-kubeconfigs/prod-weu-01",
            "wimigrate.federation.probe-kubeconfigs.\"prod.neu.02\"="
                + "/etc/wimigrate/probe-kubeconfigs/prod.neu.02");
    assertThat(properties(custom, "wm-identity-service-config"))
        .contains("wimigrate.identity.concurrency=4");

    // the inventory's coming auth settings fit without chart changes
    JsonNode inventoryContainer =
        only(custom, "Deployment", n -> n.equals("wm-inventory-service"))
            .at("/spec/template/spec/containers/0");
    assertThat(
            envEntry(inventoryContainer, "INVENTORY_API_KEYS")
                .at("/valueFrom/secretKeyRef/name")
                .asText())
        .isEqualTo("inventory-api");
    assertThat(env(inventoryContainer)).containsKey("INVENTORY_OIDC_ISSUER");
    assertThat(inventoryContainer.at("/envFrom/0/secretRef/name").asText())
        .isEqualTo("inventory-auth");
    assertThat(properties(custom, "wm-inventory-service-config"))
        .contains("quarkus.log.level=DEBUG");
    assertThat(env(inventoryContainer))
        .containsEntry("QUARKUS_CONFIG_LOCATIONS", "/etc/wimigrate/config/application.properties");
  }

  @Test
  void everyEnvironmentVariableTheChartsSetIsOneItsProgramReads() throws IOException {
    Map<String, Set<String>> readBy = new LinkedHashMap<>();
    Set<String> azure = azureSettingsEnvironment();
    readBy.put("inventory-service", environmentRead("inventory-service", Set.of()));
    readBy.put("identity-service", environmentRead("identity-service", azure));
    readBy.put("federation-service", environmentRead("federation-service", azure));
    readBy.put("agent", environmentRead("cluster-agent", Set.of()));
    // deploy/webhook sets POD_NAMESPACE too (the pod's own namespace, for information)
    readBy.put("webhook", environmentRead("proxy-sidecar/webhook", Set.of("POD_NAMESPACE")));
    // user-chosen names of the custom values' extraEnv
    Set<String> extra = new HashSet<>();
    for (String chart : CHART_NAMES) {
      YAML.readTree(customValues(chart).toFile())
          .findValues("extraEnv")
          .forEach(list -> list.forEach(e -> extra.add(e.get("name").asText())));
    }
    for (String chart : CHART_NAMES) {
      for (Values values : Values.values()) {
        List<JsonNode> objects = render(chart, values);
        for (JsonNode deployment : kinds(objects, "Deployment")) {
          JsonNode container = deployment.at("/spec/template/spec/containers/0");
          String program =
              readBy.keySet().stream()
                  .filter(p -> container.get("name").asText().equals(p))
                  .findFirst()
                  .orElseThrow(() -> new AssertionError("which program is " + container));
          Set<String> names = new TreeSet<>(env(container).keySet());
          names.removeAll(extra);
          // the webhook's variables come from its ConfigMap
          if (program.equals("webhook")) {
            kinds(objects, "ConfigMap")
                .forEach(cm -> cm.get("data").fieldNames().forEachRemaining(names::add));
          }
          assertThat(readBy.get(program)).as("%s %s", chart, values).containsAll(names);
        }
      }
    }
  }

  @Test
  void noSecretValueIsWrittenIntoTheManifests() {
    // names that end in a word for a secret: CLIENT_SECRET, client-secret, API_KEYS, …
    Pattern secretish =
        Pattern.compile("(?i)(.*[_.-])?(SECRET|PASSWORD|TOKEN|API_?KEYS?|CREDENTIALS?)");
    for (String chart : CHART_NAMES) {
      for (Values values : Values.values()) {
        List<JsonNode> objects = render(chart, values);
        assertThat(objects).noneMatch(o -> o.get("kind").asText().equals("Secret"));
        for (JsonNode deployment : kinds(objects, "Deployment")) {
          for (JsonNode container : deployment.at("/spec/template/spec/containers")) {
            for (JsonNode entry : container.path("env")) {
              if (secretish.matcher(entry.get("name").asText()).matches()) {
                assertThat(entry.has("value")).as("%s %s %s", chart, values, entry).isFalse();
                assertThat(entry.at("/valueFrom/secretKeyRef/name").isTextual()).isTrue();
              }
            }
          }
        }
        for (JsonNode configMap : kinds(objects, "ConfigMap")) {
          configMap
              .get("data")
              .fields()
              .forEachRemaining(
                  e -> {
                    assertThat(e.getKey()).doesNotMatch(secretish);
                    for (String line : e.getValue().asText().split("\n")) {
                      if (!line.startsWith("#")) {
                        assertThat(line.split("=")[0]).as(line).doesNotMatch(secretish);
                      }
                    }
                  });
        }
      }
    }
    // the values schema has no field for a secret value: an attempt is refused
    String refused =
        renderFailure(
            "wimigrate", concat(required("wimigrate"), "--set", "azure.clientSecret.value=s3cr3t"));
    assertThat(refused).contains("'value' not allowed");
  }

  @Test
  void clusterAgentChartGrantsExactlyTheRbacThatAgentRbacTestProves() throws IOException {
    List<JsonNode> manifests = readYaml(ROOT.resolve("deploy/cluster-agent/rbac.yaml"));
    for (Values values : Values.values()) {
      List<JsonNode> chart = render("cluster-agent", values);
      assertThat(only(chart, "ClusterRole", n -> true).get("rules"))
          .isEqualTo(only(manifests, "ClusterRole", n -> true).get("rules"));
      assertThat(only(chart, "Role", n -> true).get("rules"))
          .isEqualTo(only(manifests, "Role", n -> true).get("rules"));
      assertThat(kinds(chart, null).stream().map(o -> o.get("kind").asText()).sorted().toList())
          .containsExactly(
              "ClusterRole",
              "ClusterRoleBinding",
              "Deployment",
              "Role",
              "RoleBinding",
              "ServiceAccount");
      String account = name(only(chart, "ServiceAccount", n -> true));
      for (String binding : List.of("ClusterRoleBinding", "RoleBinding")) {
        JsonNode bound = only(chart, binding, n -> true);
        assertThat(bound.at("/subjects").size()).isEqualTo(1);
        assertThat(bound.at("/subjects/0/kind").asText()).isEqualTo("ServiceAccount");
        assertThat(bound.at("/subjects/0/name").asText()).isEqualTo(account);
        assertThat(bound.at("/subjects/0/namespace").asText()).isEqualTo("wimigrate-system");
        String role = binding.equals("RoleBinding") ? "Role" : "ClusterRole";
        assertThat(bound.at("/roleRef/kind").asText()).isEqualTo(role);
        assertThat(bound.at("/roleRef/name").asText())
            .isEqualTo(name(only(chart, role, n -> true)));
      }
      JsonNode deployment = only(chart, "Deployment", n -> true);
      assertThat(deployment.at("/spec/template/spec/serviceAccountName").asText())
          .isEqualTo(account);
      Map<String, String> env = env(deployment.at("/spec/template/spec/containers/0"));
      assertThat(env)
          .containsEntry("LEADER_ELECTION", "true")
          .containsEntry("WIMIGRATE_AGENT_LEADER_ELECTION_LEASE", name(deployment))
          .containsKeys("CLUSTER_ID", "KAFKA_BOOTSTRAP_SERVERS");
      assertThat(deployment.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
    }
    // the AKS cluster's ARM id, when given, reaches the agent's ClusterObserved
    assertThat(
            env(
                only(render("cluster-agent", Values.CUSTOM), "Deployment", n -> true)
                    .at("/spec/template/spec/containers/0")))
        .containsEntry(
            "CLUSTER_RESOURCE_ID",
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-weu/providers/"
                + "Microsoft.ContainerService/managedClusters/prod-weu-01")
        .containsEntry("CLUSTER_ID", "prod-weu-01");
    // the chart keeps the tested manifest's container hardening, resources and probes
    JsonNode manifestContainer =
        only(
                readYaml(ROOT.resolve("deploy/cluster-agent/deployment.yaml")),
                "Deployment",
                n -> true)
            .at("/spec/template/spec/containers/0");
    JsonNode chartContainer =
        only(render("cluster-agent", Values.DEFAULTS), "Deployment", n -> true)
            .at("/spec/template/spec/containers/0");
    for (String field :
        List.of("securityContext", "resources", "livenessProbe", "readinessProbe", "ports")) {
      assertThat(chartContainer.get(field)).as(field).isEqualTo(manifestContainer.get(field));
    }
    // one replica needs no lease; two without leader election would both carry out commands
    List<JsonNode> single =
        render(
            "cluster-agent",
            "agent",
            concat(
                required("cluster-agent"),
                "--set",
                "replicas=1",
                "--set",
                "leaderElection.enabled=false"));
    assertThat(kinds(single, "Role")).isEmpty();
    assertThat(
            renderFailure(
                "cluster-agent",
                concat(required("cluster-agent"), "--set", "leaderElection.enabled=false")))
        .contains("replicas > 1 needs leaderElection.enabled=true");
  }

  @Test
  void webhookChartKeepsTheTestedManifestsRbacAndAdmissionScope() throws IOException {
    Path manifests = ROOT.resolve("deploy/webhook");
    JsonNode manifestRole =
        only(readYaml(manifests.resolve("rbac.yaml")), "ClusterRole", n -> true);
    JsonNode manifestWebhook =
        only(
                readYaml(manifests.resolve("mutatingwebhookconfiguration.yaml")),
                "MutatingWebhookConfiguration",
                n -> true)
            .at("/webhooks/0");
    for (Values values : Values.values()) {
      List<JsonNode> chart = render("webhook", values);
      assertThat(only(chart, "ClusterRole", n -> true).get("rules"))
          .isEqualTo(manifestRole.get("rules"));
      assertThat(kinds(chart, "Role")).isEmpty();
      JsonNode webhook = only(chart, "MutatingWebhookConfiguration", n -> true).at("/webhooks/0");
      for (String field :
          List.of(
              "name",
              "admissionReviewVersions",
              "sideEffects",
              "matchPolicy",
              "reinvocationPolicy",
              "rules",
              "objectSelector")) {
        assertThat(webhook.get(field)).as(field).isEqualTo(manifestWebhook.get(field));
      }
      assertThat(webhook.at("/clientConfig/service/name").asText())
          .isEqualTo(name(only(chart, "Service", n -> true)));
      assertThat(webhook.at("/namespaceSelector/matchExpressions/0/values").toString())
          .contains("\"kube-system\"", "\"wimigrate-system\"");
    }
    List<JsonNode> certManager = render("webhook", Values.DEFAULTS);
    assertThat(
            only(certManager, "MutatingWebhookConfiguration", n -> true)
                .at("/metadata/annotations/cert-manager.io~1inject-ca-from")
                .asText())
        .isEqualTo("wimigrate-system/wimigrate-webhook");
    assertThat(only(certManager, "Certificate", n -> true).at("/spec/dnsNames/0").asText())
        .isEqualTo("wimigrate-webhook.wimigrate-system.svc");
    List<JsonNode> ownSecret = render("webhook", Values.CUSTOM);
    assertThat(kinds(ownSecret, "Certificate")).isEmpty();
    assertThat(
            only(ownSecret, "MutatingWebhookConfiguration", n -> true)
                .at("/webhooks/0/clientConfig/caBundle")
                .asText())
        .isNotEmpty();
  }

  @Test
  void missingRequiredValuesStopTheRenderWithAMessage() {
    assertThat(
            renderFailure("cluster-agent", List.of("--set", "kafka.bootstrapServers=kafka:9092")))
        .contains("clusterId is required");
    assertThat(renderFailure("cluster-agent", List.of("--set", "clusterId=prod-weu-01")))
        .contains("kafka.bootstrapServers is required");
    // a misspelt key is refused by the values schema, not silently ignored
    assertThat(
            renderFailure(
                "cluster-agent",
                List.of(
                    "--set", "clusterID=prod-weu-01", "--set", "kafka.bootstrapServers=k:9092")))
        .contains("additional properties 'clusterID' not allowed");
    assertThat(renderFailure("wimigrate", List.of("--set", "azure.clientId=" + CLIENT)))
        .contains("azure.tenantId is required");
    assertThat(renderFailure("wimigrate", List.of("--set", "azure.tenantId=" + TENANT)))
        .containsPattern(
            "azure\\.clientId \\(or (identity|federation)\\.azureClientId\\) is required");
    assertThat(
            renderFailure(
                "wimigrate", concat(required("wimigrate"), "--set", "azure.auth=clientSecret")))
        .contains("azure.clientSecret.secretName is required");
    assertThat(renderFailure("webhook", List.of())).contains("azure.tenantId is required");
    assertThat(renderFailure("webhook", concat(required("webhook"), "--set", "tls.source=secret")))
        .contains("tls.caBundle is required");
  }

  @Test
  void renderedObjectsPassTheApiserversValidation() throws Exception {
    ControlPlane plane = ControlPlanes.shared();
    KubernetesClient kube = plane.client();
    try (InputStream crd =
        HelmChartsTest.class.getResourceAsStream("/crds/strimzi-kafkatopic.yaml")) {
      kube.load(crd).serverSideApply();
    }
    kube.apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName("kafkatopics.kafka.strimzi.io")
        .waitUntilCondition(
            crd ->
                crd != null
                    && crd.getStatus() != null
                    && crd.getStatus().getConditions().stream()
                        .anyMatch(
                            c -> c.getType().equals("Established") && c.getStatus().equals("True")),
            60,
            TimeUnit.SECONDS);
    ResourceDefinitionContext kafkaTopics =
        new ResourceDefinitionContext.Builder()
            .withGroup("kafka.strimzi.io")
            .withVersion("v1beta2")
            .withKind("KafkaTopic")
            .withPlural("kafkatopics")
            .withNamespaced(true)
            .build();

    List<String> namespaces = new ArrayList<>();
    try {
      for (String chart : CHART_NAMES) {
        for (Values values : Values.values()) {
          String suffix = UUID.randomUUID().toString().substring(0, 6);
          String ns = "helm-" + chart + "-" + values.name().toLowerCase() + "-" + suffix;
          namespaces.add(ns);
          kube.namespaces()
              .resource(
                  new NamespaceBuilder()
                      .withNewMetadata()
                      .withName(ns)
                      .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                      .endMetadata()
                      .build())
              .create();
          List<String> args = new ArrayList<>(valuesArgs(chart, values));
          // cluster-scoped objects get names of their own in the shared control plane
          if (!chart.equals("wimigrate")) {
            args.addAll(List.of("--set", "fullnameOverride=" + chart + "-" + suffix));
          } else {
            args.addAll(List.of("--set", "kafkaTopics.namespace=" + ns));
          }
          List<JsonNode> rendered = render(chart, chart, ns, args);
          Set<String> skipped = new TreeSet<>();
          for (JsonNode node : rendered) {
            String kind = node.get("kind").asText();
            String what = chart + " " + values + " " + kind + "/" + name(node);
            if (node.get("apiVersion").asText().startsWith("cert-manager.io/")) {
              skipped.add(kind); // cert-manager's CRDs are not part of the test bed
              continue;
            }
            HasMetadata object =
                kube.getKubernetesSerialization().unmarshal(YAML.writeValueAsString(node));
            String objectNamespace = object.getMetadata().getNamespace();
            try {
              if (kind.equals("KafkaTopic")) {
                assertThat(objectNamespace).isEqualTo(ns);
                kube.genericKubernetesResources(kafkaTopics)
                    .inNamespace(ns)
                    .resource((GenericKubernetesResource) object)
                    .dryRun()
                    .create();
              } else if (object instanceof ServiceAccount) {
                // created for real: the pods below are admitted only with an existing account
                kube.resource(object).create();
              } else {
                kube.resource(object).dryRun().create();
              }
            } catch (KubernetesClientException e) {
              fail(what + " was refused: " + e.getMessage(), e);
            }
            if (object instanceof Deployment deployment) {
              // Pod Security "restricted" is enforced on pods, not on Deployments
              Pod pod =
                  new PodBuilder()
                      .withMetadata(deployment.getSpec().getTemplate().getMetadata())
                      .editMetadata()
                      .withName(deployment.getMetadata().getName())
                      .withNamespace(ns)
                      .endMetadata()
                      .withSpec(deployment.getSpec().getTemplate().getSpec())
                      .build();
              try {
                kube.pods().inNamespace(ns).resource(pod).dryRun().create();
              } catch (KubernetesClientException e) {
                fail(what + ": its pod was refused: " + e.getMessage(), e);
              }
            }
          }
          assertThat(skipped).isSubsetOf("Certificate", "Issuer");
        }
      }

      // the KafkaTopic schema is live: a mistyped topic is refused
      GenericKubernetesResource wrong =
          kube.getKubernetesSerialization()
              .unmarshal(
                  """
                  apiVersion: kafka.strimzi.io/v1beta2
                  kind: KafkaTopic
                  metadata: {name: wimigrate.wrong, labels: {strimzi.io/cluster: wimigrate}}
                  spec:
                    partitions: 6
                    replicas: 3
                    config: {cleanup.policy: delete, retention.ms: 7d}
                  """);
      assertThatThrownBy(
              () ->
                  kube.genericKubernetesResources(kafkaTopics)
                      .inNamespace(namespaces.get(0))
                      .resource(wrong)
                      .dryRun()
                      .create())
          .isInstanceOf(KubernetesClientException.class)
          .hasMessageContaining("retention.ms");
    } finally {
      for (String ns : namespaces) {
        kube.namespaces().withName(ns).delete();
      }
    }
  }

  // --- rendering ---

  static List<String> required(String chart) {
    return switch (chart) {
      case "wimigrate" ->
          List.of("--set", "azure.tenantId=" + TENANT, "--set", "azure.clientId=" + CLIENT);
      case "cluster-agent" ->
          List.of(
              "--set",
              "clusterId=aks-test-01",
              "--set",
              "kafka.bootstrapServers=kafka.example:9092");
      case "webhook" -> List.of("--set", "azure.tenantId=" + TENANT);
      default -> throw new IllegalArgumentException(chart);
    };
  }

  static List<String> valuesArgs(String chart, Values values) {
    return values == Values.DEFAULTS
        ? required(chart)
        : List.of("-f", customValues(chart).toString());
  }

  static String releaseNamespace(String chart) {
    return chart.equals("wimigrate") ? "wimigrate" : "wimigrate-system";
  }

  static List<JsonNode> render(String chart, Values values) {
    return render(chart, chart, valuesArgs(chart, values));
  }

  static List<JsonNode> render(String chart, String release, List<String> args) {
    return render(chart, release, releaseNamespace(chart), args);
  }

  static List<JsonNode> render(String chart, String release, String namespace, List<String> args) {
    CommandResult result = helm(templateCommand(chart, release, namespace, args));
    assertThat(result.exitCode())
        .as("helm template %s %s failed:%n%s", chart, args, result.stderr())
        .isZero();
    try {
      List<JsonNode> objects = new ArrayList<>();
      try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(result.stdout())) {
        while (docs.hasNext()) {
          JsonNode doc = docs.next();
          if (doc != null && doc.isObject() && doc.has("kind")) {
            objects.add(doc);
          }
        }
      }
      return objects;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The render must fail; returns what helm said. */
  static String renderFailure(String chart, List<String> args) {
    CommandResult result = helm(templateCommand(chart, chart, releaseNamespace(chart), args));
    assertThat(result.exitCode()).as("helm template %s %s should fail", chart, args).isNotZero();
    return result.stderr();
  }

  static List<String> templateCommand(
      String chart, String release, String namespace, List<String> args) {
    List<String> command =
        new ArrayList<>(List.of("template", release, chartDir(chart), "--namespace", namespace));
    command.addAll(args);
    return command;
  }

  static CommandResult helm(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(helm.toString());
    command.addAll(args);
    return CommandResult.run(command, Map.of(), true, Duration.ofMinutes(2));
  }

  static String chartDir(String chart) {
    return CHARTS.resolve(chart).toString();
  }

  static Path customValues(String chart) {
    try {
      return Path.of(HelmChartsTest.class.getResource("/helm/" + chart + "-custom.yaml").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> concat(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }

  // --- reading rendered objects ---

  static List<JsonNode> kinds(List<JsonNode> objects, String kind) {
    return objects.stream()
        .filter(o -> kind == null || o.get("kind").asText().equals(kind))
        .toList();
  }

  static JsonNode only(List<JsonNode> objects, String kind, Predicate<String> name) {
    List<JsonNode> found = kinds(objects, kind).stream().filter(o -> name.test(name(o))).toList();
    assertThat(found).as("one %s", kind).hasSize(1);
    return found.get(0);
  }

  static String name(JsonNode object) {
    return object.at("/metadata/name").asText();
  }

  /** Literal env values by name (entries with valueFrom map to ""). */
  static Map<String, String> env(JsonNode container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode entry : container.path("env")) {
      env.put(entry.get("name").asText(), entry.path("value").asText(""));
    }
    return env;
  }

  static JsonNode envEntry(JsonNode container, String name) {
    return StreamSupport.stream(container.path("env").spliterator(), false)
        .filter(e -> e.get("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name + " in " + container));
  }

  static List<String> volumeMountPaths(JsonNode container) {
    return StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
        .map(m -> m.get("mountPath").asText())
        .toList();
  }

  static List<String> properties(List<JsonNode> objects, String configMap) {
    return List.of(
        only(objects, "ConfigMap", configMap::equals)
            .at("/data/application.properties")
            .asText()
            .split("\n"));
  }

  static List<JsonNode> readYaml(Path file) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc instanceof ObjectNode && doc.has("kind")) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  // --- what the programs read ---

  /** The topics in the first column of docs/events.md's "Topics and keys" table. */
  static List<String> topicsInTheEventCatalogue() throws IOException {
    String doc = Files.readString(ROOT.resolve("docs/events.md"));
    String table = doc.substring(doc.indexOf("## Topics and keys"), doc.indexOf("## Catalogue"));
    List<String> topics = new ArrayList<>();
    Matcher row = Pattern.compile("(?m)^\\| `(wimigrate\\.[a-z.]+)` \\|").matcher(table);
    while (row.find()) {
      topics.add(row.group(1));
    }
    return topics;
  }

  /**
   * Environment variables a module reads: the {@code ${NAME}} references of its
   * application.properties, the env form of the {@code @ConfigProperty} names in its sources (as
   * Quarkus maps {@code FOO_BAR} to {@code foo.bar}), Quarkus' own {@code
   * QUARKUS_CONFIG_LOCATIONS}, and {@code more}.
   */
  static Set<String> environmentRead(String module, Set<String> more) throws IOException {
    Set<String> names = new TreeSet<>(more);
    names.add("QUARKUS_CONFIG_LOCATIONS");
    Path dir = ROOT.resolve(module).resolve("src/main");
    String properties = Files.readString(dir.resolve("resources/application.properties"));
    Matcher reference = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(properties);
    while (reference.find()) {
      names.add(reference.group(1));
    }
    Pattern property = Pattern.compile("name\\s*=\\s*\"(wimigrate\\.[a-z0-9.-]+)\"");
    try (Stream<Path> sources = Files.walk(dir.resolve("java"))) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = property.matcher(Files.readString(source));
        while (m.find()) {
          names.add(environmentName(m.group(1)));
        }
      }
    }
    return names;
  }

  /** WIMIGRATE_AZURE_* for every setting of azure-kit's AzureSettings. */
  static Set<String> azureSettingsEnvironment() throws IOException {
    String source =
        Files.readString(
            ROOT.resolve("azure-kit/src/main/java/dev/wimigrate/azurekit/AzureSettings.java"));
    String body =
        source.substring(
            source.indexOf("public interface AzureSettings"), source.indexOf("record Fixed"));
    Set<String> names = new TreeSet<>();
    Matcher method = Pattern.compile("\\s([a-z][A-Za-z]*)\\(\\);").matcher(body);
    while (method.find()) {
      String kebab = method.group(1).replaceAll("([A-Z])", "-$1").toLowerCase();
      names.add(environmentName("wimigrate.azure." + kebab));
    }
    assertThat(names).contains("WIMIGRATE_AZURE_TENANT_ID", "WIMIGRATE_AZURE_CLIENT_SECRET");
    return names;
  }

  static String environmentName(String property) {
    return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
  }

  // --- helm ---

  /**
   * The helm binary that scripts/install-helm.sh builds: its version from that script, its place
   * under WIMIGRATE_TOOLS_CACHE, else XDG_CACHE_HOME/wimigrate/tools, else
   * ~/.cache/wimigrate/tools.
   */
  static Path locateHelm() {
    Path script = ROOT.resolve("scripts/install-helm.sh");
    String version;
    try {
      Matcher m =
          Pattern.compile("(?m)^helm_version=\"([^\"]+)\"").matcher(Files.readString(script));
      assertThat(m.find()).as("helm_version in %s", script).isTrue();
      version = m.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String tools = System.getenv("WIMIGRATE_TOOLS_CACHE");
    Path root;
    if (tools != null && !tools.isBlank()) {
      root = Path.of(tools);
    } else {
      String xdg = System.getenv("XDG_CACHE_HOME");
      Path cache =
          xdg != null && !xdg.isBlank()
              ? Path.of(xdg)
              : Path.of(System.getProperty("user.home"), ".cache");
      root = cache.resolve("wimigrate/tools");
    }
    Path binary = root.resolve("helm-" + version).resolve("helm");
    if (!Files.isExecutable(binary)) {
      fail(
          "Helm "
              + version
              + " is not installed at "
              + binary
              + ": run scripts/prerequisites.sh (or scripts/install-helm.sh), which builds it once"
              + " from its Go module and caches it there");
    }
    CommandResult v =
        CommandResult.run(
            List.of(binary.toString(), "version", "--short"),
            Map.of(),
            true,
            Duration.ofSeconds(30));
    assertThat(v.stdout()).as("%s version --short", binary).startsWith(version);
    return binary;
  }

  static Path repositoryRoot() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("deploy/helm")) && Files.isRegularFile(d.resolve("mvnw"))) {
        return d;
      }
    }
    throw new IllegalStateException("the repository root (with deploy/helm) was not found");
  }
}
