package dev.wimigrate.webhook.mutation;

import static dev.wimigrate.webhook.testing.Json.apply;
import static dev.wimigrate.webhook.testing.Json.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wimigrate.webhook.jsonpatch.PatchOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every mutation rule and denial of compat-azwi §1, with wimigrate's deliberate differences. */
class PodMutatorTest {

  static final String TENANT = "22222222-2222-2222-2222-222222222222";
  static final String CLIENT = "11111111-1111-1111-1111-111111111111";
  static final String NS = "app";
  static final KubernetesVersion K8S_134 = new KubernetesVersion(1, 34);
  static final KubernetesVersion K8S_131 = new KubernetesVersion(1, 31);
  static final String V16_TOKEN_FILE = "/var/run/secrets/azure/wi/token/azure-identity-token";
  static final String V15_TOKEN_FILE = "/var/run/secrets/azure/tokens/azure-identity-token";

  static MutationSettings settings(TokenLayout layout, KubernetesVersion version) {
    return MutationSettings.defaults(layout, TENANT, version);
  }

  static ServiceAccountInfo sa(Map<String, String> annotations) {
    return new ServiceAccountInfo("wi-sa", annotations);
  }

  static final ServiceAccountInfo SA_WITH_CLIENT = sa(Map.of(Annotations.CLIENT_ID, CLIENT));

  /** A named pod with one container {@code app} and the given annotations (JSON object). */
  static JsonNode pod(String annotations) {
    return json(
        "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'pod','annotations':"
            + annotations
            + "},'spec':{'serviceAccountName':'wi-sa','containers':[{'name':'app','image':'nginx'}]}}");
  }

  static MutationResult.Mutated mutated(
      MutationSettings settings, JsonNode pod, ServiceAccountInfo sa) {
    MutationResult.Mutated mutated = mutatedAllowingRemovals(settings, pod, sa);
    // as the reference's tests demand: a mutation only adds and replaces
    assertThat(mutated.patch()).extracting(PatchOperation::op).doesNotContain("remove");
    return mutated;
  }

  static MutationResult.Mutated mutatedAllowingRemovals(
      MutationSettings settings, JsonNode pod, ServiceAccountInfo sa) {
    MutationResult result = new PodMutator(settings).mutate(pod, NS, sa);
    assertThat(result).isInstanceOf(MutationResult.Mutated.class);
    MutationResult.Mutated mutated = (MutationResult.Mutated) result;
    // the patch is exactly the difference between the submitted and the mutated pod
    assertThat(apply(pod, mutated.patch()).toString()).isEqualTo(mutated.pod().toString());
    return mutated;
  }

  static JsonNode mutate(MutationSettings settings, JsonNode pod, ServiceAccountInfo sa) {
    return mutated(settings, pod, sa).pod();
  }

  static JsonNode mutate(JsonNode pod) {
    return mutate(settings(TokenLayout.V1_6, K8S_134), pod, SA_WITH_CLIENT);
  }

  static String denial(MutationSettings settings, JsonNode pod, ServiceAccountInfo sa) {
    MutationResult result = new PodMutator(settings).mutate(pod, NS, sa);
    assertThat(result).isInstanceOf(MutationResult.Denied.class);
    MutationResult.Denied denied = (MutationResult.Denied) result;
    assertThat(denied.code()).isEqualTo(400);
    return denied.message();
  }

  static String denial(JsonNode pod) {
    return denial(settings(TokenLayout.V1_6, K8S_134), pod, SA_WITH_CLIENT);
  }

  static JsonNode container(JsonNode pod, String list, String name) {
    for (JsonNode c : pod.path("spec").path(list)) {
      if (c.path("name").asText().equals(name)) {
        return c;
      }
    }
    return null;
  }

  static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.forEach(c -> names.add(c.path("name").asText()));
    return names;
  }

  static String env(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (e.path("name").asText().equals(name)) {
        return e.path("value").asText();
      }
    }
    return null;
  }

  @Nested
  class TokenLayouts {

    @Test
    void v16LayoutMountsAHashedVolumeAtAzureWiAndSetsTheFourVariables() {
      JsonNode pod = mutate(pod("{}"));

      String volume = "azure-workload-identity-reserved-425c89ed5bb78a7623fae60fd8a6f6";
      JsonNode app = container(pod, "containers", "app");
      assertThat(app.path("env"))
          .isEqualTo(
              json(
                  "[{'name':'AZURE_CLIENT_ID','value':'"
                      + CLIENT
                      + "'},{'name':'AZURE_TENANT_ID','value':'"
                      + TENANT
                      + "'},{'name':'AZURE_FEDERATED_TOKEN_FILE','value':'"
                      + V16_TOKEN_FILE
                      + "'},{'name':'AZURE_AUTHORITY_HOST','value':'https://login.microsoftonline.com/'}]"));
      assertThat(app.path("volumeMounts"))
          .isEqualTo(
              json(
                  "[{'name':'"
                      + volume
                      + "','mountPath':'/var/run/secrets/azure/wi','readOnly':true}]"));
      assertThat(pod.path("spec").path("volumes"))
          .isEqualTo(
              json(
                  "[{'name':'"
                      + volume
                      + "','projected':{'sources':[{'serviceAccountToken':{'path':'token/azure-identity-token',"
                      + "'expirationSeconds':3600,'audience':'api://AzureADTokenExchange'}}]}}]"));
      assertThat(volume).hasSize(63);
    }

    @Test
    void v16VolumeNameOfAControllerPodHashesGenerateNameWithPrefixSuffix() {
      ObjectNode pod = (ObjectNode) pod("{}");
      ((ObjectNode) pod.get("metadata")).remove("name");
      ((ObjectNode) pod.get("metadata")).put("generateName", "nginx-7d9f8c5b6d-");

      JsonNode mutated = mutate(pod);

      assertThat(mutated.at("/spec/volumes/0/name").asText())
          .isEqualTo("azure-workload-identity-reserved-33c8383580a2f4cf50ee97f5b400a3");
    }

    @Test
    void v15LayoutMountsAzureIdentityTokenAtAzureTokens() {
      JsonNode pod = mutate(settings(TokenLayout.V1_5, K8S_134), pod("{}"), SA_WITH_CLIENT);

      JsonNode app = container(pod, "containers", "app");
      assertThat(env(app, "AZURE_FEDERATED_TOKEN_FILE")).isEqualTo(V15_TOKEN_FILE);
      assertThat(app.path("volumeMounts"))
          .isEqualTo(
              json(
                  "[{'name':'azure-identity-token','mountPath':'/var/run/secrets/azure/tokens','readOnly':true}]"));
      assertThat(pod.at("/spec/volumes/0"))
          .isEqualTo(
              json(
                  "{'name':'azure-identity-token','projected':{'sources':[{'serviceAccountToken':"
                      + "{'path':'azure-identity-token','expirationSeconds':3600,'audience':'api://AzureADTokenExchange'}}]}}"));
    }

    @Test
    void v16ReplacesAnExistingVolumeAndMountOfTheReservedName() {
      String volume = "azure-workload-identity-reserved-425c89ed5bb78a7623fae60fd8a6f6";
      ObjectNode pod = (ObjectNode) pod("{}");
      ((ObjectNode) pod.at("/spec/containers/0"))
          .set("volumeMounts", json("[{'name':'" + volume + "','mountPath':'/old'}]"));
      ((ObjectNode) pod.get("spec"))
          .set("volumes", json("[{'name':'" + volume + "','emptyDir':{}}]"));

      // the old volume's emptyDir goes: the only case where the patch removes something
      JsonNode mutated =
          mutatedAllowingRemovals(settings(TokenLayout.V1_6, K8S_134), pod, SA_WITH_CLIENT).pod();

      assertThat(mutated.at("/spec/volumes")).hasSize(1);
      assertThat(
              mutated.at("/spec/volumes/0/projected/sources/0/serviceAccountToken/path").asText())
          .isEqualTo("token/azure-identity-token");
      assertThat(mutated.at("/spec/volumes/0/emptyDir").isMissingNode()).isTrue();
      assertThat(mutated.at("/spec/containers/0/volumeMounts"))
          .isEqualTo(
              json(
                  "[{'name':'"
                      + volume
                      + "','mountPath':'/var/run/secrets/azure/wi','readOnly':true}]"));
    }

    @Test
    void v16TakesOverATokenMountCopiedFromAnotherPodInsteadOfDuplicatingItsPath() {
      JsonNode other = mutate(pod("{}"));
      ObjectNode copy = other.deepCopy();
      ((ObjectNode) copy.get("metadata")).put("name", "copy");

      JsonNode mutated =
          mutatedAllowingRemovals(settings(TokenLayout.V1_6, K8S_134), copy, SA_WITH_CLIENT).pod();

      String volume = TokenLayout.V1_6.volumeName("copy");
      assertThat(mutated.at("/spec/containers/0/volumeMounts"))
          .isEqualTo(
              json(
                  "[{'name':'"
                      + volume
                      + "','mountPath':'/var/run/secrets/azure/wi','readOnly':true}]"));
      assertThat(names(mutated.at("/spec/volumes")))
          .containsExactly(TokenLayout.V1_6.volumeName("pod"), volume);
    }

    @Test
    void v15KeepsAnExistingTokenVolumeAndMount() {
      ObjectNode pod = (ObjectNode) pod("{}");
      ((ObjectNode) pod.at("/spec/containers/0"))
          .set("volumeMounts", json("[{'name':'azure-identity-token','mountPath':'/custom'}]"));
      ((ObjectNode) pod.get("spec"))
          .set(
              "volumes",
              json(
                  "[{'name':'my-token','projected':{'sources':[{'serviceAccountToken':"
                      + "{'path':'azure-identity-token','expirationSeconds':7200}}]}}]"));

      JsonNode mutated = mutate(settings(TokenLayout.V1_5, K8S_134), pod, SA_WITH_CLIENT);

      assertThat(mutated.at("/spec/volumes")).isEqualTo(pod.at("/spec/volumes"));
      assertThat(mutated.at("/spec/containers/0/volumeMounts"))
          .isEqualTo(pod.at("/spec/containers/0/volumeMounts"));
    }

    @Test
    void v15DeniesAnUnrelatedVolumeNamedAzureIdentityTokenInsteadOfDuplicatingIt() {
      ObjectNode pod = (ObjectNode) pod("{}");
      ((ObjectNode) pod.get("spec"))
          .set("volumes", json("[{'name':'azure-identity-token','emptyDir':{}}]"));

      assertThat(denial(settings(TokenLayout.V1_5, K8S_134), pod, SA_WITH_CLIENT))
          .isEqualTo(
              "volume azure-identity-token already exists and is not a projected service account"
                  + " token with path azure-identity-token; rename it or remove it");
    }

    @Test
    void audienceComesFromTheSettings() {
      MutationSettings s = settings(TokenLayout.V1_6, K8S_134);
      s =
          new MutationSettings(
              s.layout(),
              s.tenantId(),
              s.authorityHost(),
              "api://custom",
              s.proxyImage(),
              s.proxyInitImage(),
              s.proxyLogLevel(),
              s.proxyUid(),
              s.proxyProbeCommand(),
              s.nativeSidecars());
      JsonNode pod = mutate(s, pod("{}"), SA_WITH_CLIENT);
      assertThat(
              pod.at("/spec/volumes/0/projected/sources/0/serviceAccountToken/audience").asText())
          .isEqualTo("api://custom");
    }
  }

  @Nested
  class Environment {

    @Test
    void existingVariablesAreNeverReplaced() {
      ObjectNode pod = (ObjectNode) pod("{}");
      ((ObjectNode) pod.at("/spec/containers/0"))
          .set(
              "env",
              json(
                  "[{'name':'AZURE_CLIENT_ID','value':'mine'},{'name':'AZURE_TENANT_ID','valueFrom':{'secretKeyRef':{'name':'s','key':'k'}}}]"));

      JsonNode app = container(mutate(pod), "containers", "app");

      assertThat(names(app.path("env")))
          .containsExactly(
              "AZURE_CLIENT_ID",
              "AZURE_TENANT_ID",
              "AZURE_FEDERATED_TOKEN_FILE",
              "AZURE_AUTHORITY_HOST");
      assertThat(env(app, "AZURE_CLIENT_ID")).isEqualTo("mine");
      assertThat(app.at("/env/1/valueFrom").isObject()).isTrue();
    }

    @Test
    void serviceAccountWithoutClientIdGetsNoClientIdVariableAndAWarning() {
      MutationResult.Mutated result =
          mutated(settings(TokenLayout.V1_6, K8S_134), pod("{}"), sa(Map.of()));

      assertThat(env(container(result.pod(), "containers", "app"), "AZURE_CLIENT_ID")).isNull();
      assertThat(result.warnings())
          .containsExactly(
              "service account wi-sa has no azure.workload.identity/client-id annotation:"
                  + " AZURE_CLIENT_ID is not injected");
    }

    @Test
    void tenantAnnotationOnTheServiceAccountOverridesTheWebhookTenant() {
      JsonNode pod =
          mutate(
              settings(TokenLayout.V1_6, K8S_134),
              pod("{}"),
              sa(Map.of(Annotations.CLIENT_ID, CLIENT, Annotations.TENANT_ID, "t-sa")));
      assertThat(env(container(pod, "containers", "app"), "AZURE_TENANT_ID")).isEqualTo("t-sa");
    }

    @Test
    void emptyTenantAnnotationMeansNoTenantVariableAsInTheReference() {
      JsonNode pod =
          mutate(
              settings(TokenLayout.V1_6, K8S_134),
              pod("{}"),
              sa(Map.of(Annotations.CLIENT_ID, CLIENT, Annotations.TENANT_ID, "")));
      assertThat(env(container(pod, "containers", "app"), "AZURE_TENANT_ID")).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
      "AzurePublicCloud, https://login.microsoftonline.com/",
      "azureusgovernmentcloud, https://login.microsoftonline.us/",
      "AzureChinaCloud, https://login.chinacloudapi.cn/",
      "AzureGermanCloud, https://login.microsoftonline.de/",
      "'', https://login.microsoftonline.com/"
    })
    void authorityHostFollowsTheAzureEnvironment(String environment, String host) {
      assertThat(AzureEnvironment.parse(environment).authorityHost()).isEqualTo(host);
    }

    @Test
    void namespaceOfTheRequestIsWrittenIntoTheMetadata() {
      JsonNode pod = mutate(pod("{}"));
      assertThat(pod.at("/metadata/namespace").asText()).isEqualTo(NS);
    }

    @Test
    void initContainersGetTheVariablesAndMountToo() {
      ObjectNode pod = (ObjectNode) pod("{}");
      ((ObjectNode) pod.get("spec")).set("initContainers", json("[{'name':'migrate'}]"));

      JsonNode init = container(mutate(pod), "initContainers", "migrate");

      assertThat(env(init, "AZURE_FEDERATED_TOKEN_FILE")).isEqualTo(V16_TOKEN_FILE);
      assertThat(init.path("volumeMounts")).hasSize(1);
    }
  }

  @Nested
  class SkipContainers {

    @Test
    void skippedContainersAreUntouchedButTheVolumeIsAdded() {
      ObjectNode pod =
          (ObjectNode) pod("{'azure.workload.identity/skip-containers':'sidecar; migrate ;'}");
      ((ObjectNode) pod.get("spec"))
          .set(
              "containers",
              json("[{'name':'app'},{'name':'sidecar','env':[{'name':'X','value':'1'}]}]"));
      ((ObjectNode) pod.get("spec")).set("initContainers", json("[{'name':'migrate'}]"));

      JsonNode mutated = mutate(pod);

      assertThat(container(mutated, "containers", "sidecar"))
          .isEqualTo(json("{'name':'sidecar','env':[{'name':'X','value':'1'}]}"));
      assertThat(container(mutated, "initContainers", "migrate"))
          .isEqualTo(json("{'name':'migrate'}"));
      assertThat(env(container(mutated, "containers", "app"), "AZURE_CLIENT_ID")).isEqualTo(CLIENT);
      assertThat(mutated.at("/spec/volumes")).hasSize(1);
    }

    @Test
    void skipContainersCanSkipTheProxySidecarItself() {
      JsonNode mutated =
          mutate(
              pod(
                  "{'azure.workload.identity/inject-proxy-sidecar':'true',"
                      + "'azure.workload.identity/skip-containers':'azwi-proxy'}"));
      JsonNode proxy = container(mutated, "initContainers", "azwi-proxy");
      assertThat(proxy.has("env")).isFalse();
      assertThat(proxy.has("volumeMounts")).isFalse();
    }
  }

  @Nested
  class TokenExpiration {

    static String expiration(JsonNode pod) {
      return pod.at("/spec/volumes/0/projected/sources/0/serviceAccountToken/expirationSeconds")
          .asText();
    }

    @Test
    void tokenExpiryOnThePodIsPreferredOverTheServiceAccount() {
      JsonNode pod =
          mutate(
              settings(TokenLayout.V1_6, K8S_134),
              pod("{'azure.workload.identity/service-account-token-expiration':'4800'}"),
              sa(Map.of(Annotations.CLIENT_ID, CLIENT, Annotations.TOKEN_EXPIRATION, "7200")));
      assertThat(expiration(pod)).isEqualTo("4800");
    }

    @Test
    void tokenExpiryOfTheServiceAccountAppliesWhenThePodHasNone() {
      JsonNode pod =
          mutate(
              settings(TokenLayout.V1_6, K8S_134),
              pod("{'azure.workload.identity/service-account-token-expiration':''}"),
              sa(Map.of(Annotations.CLIENT_ID, CLIENT, Annotations.TOKEN_EXPIRATION, "7200")));
      assertThat(expiration(pod)).isEqualTo("7200");
    }

    @Test
    void defaultTokenExpiryIsOneHour() {
      assertThat(expiration(mutate(pod("{}")))).isEqualTo("3600");
    }

    @ParameterizedTest(name = "{0} seconds accepted")
    @CsvSource({"3600", "86400", "43200"})
    void boundsAreInclusive(String seconds) {
      assertThat(
              expiration(
                  mutate(
                      pod(
                          "{'azure.workload.identity/service-account-token-expiration':'"
                              + seconds
                              + "'}"))))
          .isEqualTo(seconds);
    }

    @ParameterizedTest(name = "pod {0} denied")
    @CsvSource({"100", "3599", "86401"})
    void outOfRangeExpiryOnThePodIsDenied(String seconds) {
      assertThat(
              denial(
                  pod(
                      "{'azure.workload.identity/service-account-token-expiration':'"
                          + seconds
                          + "'}")))
          .isEqualTo(
              "token expiration "
                  + seconds
                  + " (annotation azure.workload.identity/service-account-token-expiration on"
                  + " pod) not valid. Expected value to be between 3600 and 86400");
    }

    @ParameterizedTest(name = "pod \"{0}\" denied")
    @CsvSource({"invalid", "3600s", "1h", "36e2"})
    void nonNumericExpiryOnThePodIsDenied(String value) {
      assertThat(
              denial(
                  pod(
                      "{'azure.workload.identity/service-account-token-expiration':'"
                          + value
                          + "'}")))
          .isEqualTo(
              "token expiration \""
                  + value
                  + "\" (annotation azure.workload.identity/service-account-token-expiration on"
                  + " pod) not valid: expected a whole number of seconds between 3600 and 86400");
    }

    @Test
    void invalidExpiryOnTheServiceAccountIsDeniedNamingTheServiceAccount() {
      assertThat(
              denial(
                  settings(TokenLayout.V1_6, K8S_134),
                  pod("{}"),
                  sa(Map.of(Annotations.TOKEN_EXPIRATION, "100"))))
          .isEqualTo(
              "token expiration 100 (annotation"
                  + " azure.workload.identity/service-account-token-expiration on service account"
                  + " wi-sa) not valid. Expected value to be between 3600 and 86400");
      assertThat(
              denial(
                  settings(TokenLayout.V1_6, K8S_134),
                  pod("{}"),
                  sa(Map.of(Annotations.TOKEN_EXPIRATION, "invalid"))))
          .contains("\"invalid\"", "service account wi-sa");
    }
  }

  @Nested
  class ProxySidecar {

    static final String INJECT = "{'azure.workload.identity/inject-proxy-sidecar':'true'}";

    @Test
    void nativeSidecarOnKubernetes132AndLaterIsTheFirstInitContainerWithRestartPolicyAlways() {
      ObjectNode pod = (ObjectNode) pod(INJECT);
      ((ObjectNode) pod.get("spec")).set("initContainers", json("[{'name':'user-init'}]"));

      JsonNode mutated =
          mutate(settings(TokenLayout.V1_6, new KubernetesVersion(1, 32)), pod, SA_WITH_CLIENT);

      assertThat(names(mutated.at("/spec/initContainers")))
          .containsExactly("azwi-proxy", "user-init", "azwi-proxy-init");
      assertThat(names(mutated.at("/spec/containers"))).containsExactly("app");
      assertThat(mutated.at("/spec/initContainers/0/restartPolicy").asText()).isEqualTo("Always");
    }

    @Test
    void classicSidecarBeforeKubernetes132IsTheFirstAppContainer() {
      JsonNode mutated = mutate(settings(TokenLayout.V1_6, K8S_131), pod(INJECT), SA_WITH_CLIENT);

      assertThat(names(mutated.at("/spec/containers"))).containsExactly("azwi-proxy", "app");
      assertThat(names(mutated.at("/spec/initContainers"))).containsExactly("azwi-proxy-init");
      assertThat(mutated.at("/spec/containers/0").has("restartPolicy")).isFalse();
    }

    @Test
    void proxyContainerMatchesTheReferenceShape() {
      JsonNode proxy = container(mutate(pod(INJECT)), "initContainers", "azwi-proxy");

      assertThat(proxy.path("image").asText()).isEqualTo(MutationSettings.DEFAULT_PROXY_IMAGE);
      assertThat(proxy.path("imagePullPolicy").asText()).isEqualTo("IfNotPresent");
      assertThat(proxy.path("args")).isEqualTo(json("['--proxy-port=8000','--log-level=info']"));
      assertThat(proxy.path("ports")).isEqualTo(json("[{'containerPort':8000}]"));
      assertThat(proxy.at("/lifecycle/postStart/exec/command"))
          .isEqualTo(json("['/proxy','--proxy-port=8000','--probe','--log-level=info']"));
      assertThat(proxy.path("securityContext"))
          .isEqualTo(
              json(
                  "{'allowPrivilegeEscalation':false,'capabilities':{'drop':['ALL']},'privileged':false,"
                      + "'readOnlyRootFilesystem':true,'runAsNonRoot':true,'runAsUser':1501}"));
      // the proxy needs the identity variables and the token itself
      assertThat(env(proxy, "AZURE_CLIENT_ID")).isEqualTo(CLIENT);
      assertThat(env(proxy, "AZURE_FEDERATED_TOKEN_FILE")).isEqualTo(V16_TOKEN_FILE);
      assertThat(proxy.path("volumeMounts")).hasSize(1);
    }

    @Test
    void proxyInitContainerIsPrivilegedWithNetAdminAndTheProxyPort() {
      JsonNode init =
          container(
              mutate(
                  pod(
                      "{'azure.workload.identity/inject-proxy-sidecar':'true',"
                          + "'azure.workload.identity/proxy-sidecar-port':'9100'}")),
              "initContainers",
              "azwi-proxy-init");

      assertThat(init.path("image").asText()).isEqualTo(MutationSettings.DEFAULT_PROXY_INIT_IMAGE);
      assertThat(init.path("securityContext"))
          .isEqualTo(
              json(
                  "{'capabilities':{'add':['NET_ADMIN'],'drop':['ALL']},'privileged':true,"
                      + "'runAsNonRoot':false,'runAsUser':0}"));
      assertThat(env(init, "PROXY_PORT")).isEqualTo("9100");
      assertThat(env(init, "PROXY_UID")).isEqualTo("1501");
      assertThat(env(init, "AZURE_TENANT_ID")).isEqualTo(TENANT);
    }

    @Test
    void sidecarPortAnnotationSetsArgsProbeAndContainerPort() {
      JsonNode proxy =
          container(
              mutate(
                  pod(
                      "{'azure.workload.identity/inject-proxy-sidecar':'true',"
                          + "'azure.workload.identity/proxy-sidecar-port':'9100'}")),
              "initContainers",
              "azwi-proxy");
      assertThat(proxy.path("args").get(0).asText()).isEqualTo("--proxy-port=9100");
      assertThat(proxy.at("/ports/0/containerPort").asInt()).isEqualTo(9100);
      assertThat(proxy.at("/lifecycle/postStart/exec/command/1").asText())
          .isEqualTo("--proxy-port=9100");
    }

    @Test
    void injectProxySidecarFalseDoesNotInjectUnlikeTheReference() {
      JsonNode mutated = mutate(pod("{'azure.workload.identity/inject-proxy-sidecar':'false'}"));
      assertThat(mutated.at("/spec/initContainers").isMissingNode()).isTrue();
      assertThat(names(mutated.at("/spec/containers"))).containsExactly("app");
    }

    @Test
    void noInjectAnnotationMeansNoProxy() {
      assertThat(mutate(pod("{}")).at("/spec/initContainers").isMissingNode()).isTrue();
    }

    @Test
    void injectProxySidecarWithAnotherValueIsDeniedRatherThanGuessed() {
      assertThat(denial(pod("{'azure.workload.identity/inject-proxy-sidecar':'yes'}")))
          .isEqualTo(
              "annotation azure.workload.identity/inject-proxy-sidecar must be \"true\" or"
                  + " \"false\", got \"yes\"");
    }

    @Test
    void hostNetworkPodsCannotGetTheProxy() {
      ObjectNode pod = (ObjectNode) pod(INJECT);
      ((ObjectNode) pod.get("spec")).put("hostNetwork", true);
      assertThat(denial(pod)).isEqualTo("hostNetwork is set to true, cannot inject proxy sidecar");
    }

    @Test
    void hostNetworkPodsWithoutTheProxyAreMutatedNormally() {
      ObjectNode pod = (ObjectNode) pod("{}");
      ((ObjectNode) pod.get("spec")).put("hostNetwork", true);
      assertThat(mutate(pod).at("/spec/volumes")).hasSize(1);
    }

    @ParameterizedTest(name = "port \"{0}\" denied")
    @CsvSource({"invalid", "0", "65536", "-1", "80.5"})
    void invalidSidecarPortIsDenied(String port) {
      assertThat(
              denial(
                  pod(
                      "{'azure.workload.identity/inject-proxy-sidecar':'true',"
                          + "'azure.workload.identity/proxy-sidecar-port':'"
                          + port
                          + "'}")))
          .isEqualTo(
              "failed to parse proxy sidecar port: annotation"
                  + " azure.workload.identity/proxy-sidecar-port is \""
                  + port
                  + "\", expected a port number between 1 and 65535");
    }

    @Test
    void sidecarPortUsedByAnAppContainerIsDenied() {
      ObjectNode pod = (ObjectNode) pod(INJECT);
      ((ObjectNode) pod.at("/spec/containers/0")).set("ports", json("[{'containerPort':8000}]"));
      assertThat(denial(pod))
          .isEqualTo(
              "proxy sidecar port 8000 is already the containerPort of container app; choose"
                  + " another with annotation azure.workload.identity/proxy-sidecar-port");
    }

    @Test
    void unprivilegedModeSkipsTheInitContainerAndPointsSdksAtTheProxy() {
      JsonNode mutated =
          mutate(
              pod(
                  "{'azure.workload.identity/inject-proxy-sidecar':'true',"
                      + "'wimigrate.dev/proxy-sidecar-mode':'unprivileged'}"));

      assertThat(names(mutated.at("/spec/initContainers"))).containsExactly("azwi-proxy");
      assertThat(env(container(mutated, "containers", "app"), "AZURE_POD_IDENTITY_AUTHORITY_HOST"))
          .isEqualTo("http://127.0.0.1:8000");
      assertThat(
              env(
                  container(mutated, "initContainers", "azwi-proxy"),
                  "AZURE_POD_IDENTITY_AUTHORITY_HOST"))
          .isNull();
    }

    @Test
    void unknownProxyModeIsDenied() {
      assertThat(
              denial(
                  pod(
                      "{'azure.workload.identity/inject-proxy-sidecar':'true',"
                          + "'wimigrate.dev/proxy-sidecar-mode':'ebpf'}")))
          .isEqualTo(
              "annotation wimigrate.dev/proxy-sidecar-mode must be \"iptables\" or"
                  + " \"unprivileged\", got \"ebpf\"");
    }

    @Test
    void workedExampleOfCompatSection113() {
      JsonNode pod =
          json(
              "{'metadata':{'generateName':'web-5d8f-','labels':{'azure.workload.identity/use':'true'},"
                  + "'annotations':{'azure.workload.identity/inject-proxy-sidecar':'true',"
                  + "'azure.workload.identity/skip-containers':'istio-proxy'}},"
                  + "'spec':{'serviceAccountName':'wi-sa','containers':[{'name':'web','image':'web'},"
                  + "{'name':'istio-proxy','image':'istio'}]}}");

      JsonNode mutated = mutate(pod);

      String volume = "azure-workload-identity-reserved-2644f343a928cd48757dbfb0283858";
      assertThat(mutated.at("/metadata/namespace").asText()).isEqualTo("app");
      assertThat(names(mutated.at("/spec/initContainers")))
          .containsExactly("azwi-proxy", "azwi-proxy-init");
      assertThat(container(mutated, "containers", "istio-proxy"))
          .isEqualTo(json("{'name':'istio-proxy','image':'istio'}"));
      JsonNode web = container(mutated, "containers", "web");
      assertThat(names(web.path("env")))
          .containsExactly(
              "AZURE_CLIENT_ID",
              "AZURE_TENANT_ID",
              "AZURE_FEDERATED_TOKEN_FILE",
              "AZURE_AUTHORITY_HOST");
      assertThat(web.at("/volumeMounts/0/name").asText()).isEqualTo(volume);
      assertThat(mutated.at("/spec/volumes/0/name").asText()).isEqualTo(volume);
    }
  }

  @Nested
  class Idempotence {

    static void assertMutatesToItself(MutationSettings settings, JsonNode pod) {
      JsonNode once = mutate(settings, pod, SA_WITH_CLIENT);
      MutationResult.Mutated twice = mutated(settings, once, SA_WITH_CLIENT);
      assertThat(twice.patch()).isEmpty();
    }

    @Test
    void mutatingAMutatedPodChangesNothingInEitherLayoutAndPlacement() {
      JsonNode pod =
          pod(
              "{'azure.workload.identity/inject-proxy-sidecar':'true',"
                  + "'azure.workload.identity/skip-containers':'none'}");
      for (TokenLayout layout : TokenLayout.values()) {
        assertMutatesToItself(settings(layout, K8S_134), pod);
        assertMutatesToItself(settings(layout, K8S_131), pod);
      }
    }

    @Test
    void storedPodWithApiserverDefaultsMutatesToItself() {
      JsonNode once = mutate(pod("{'azure.workload.identity/inject-proxy-sidecar':'true'}"));
      ObjectNode stored = once.deepCopy();
      ((ObjectNode) stored.at("/spec/volumes/0/projected")).put("defaultMode", 420);
      ((ObjectNode) stored.at("/spec/initContainers/0")).put("terminationMessagePath", "/dev/x");

      assertThat(mutated(settings(TokenLayout.V1_6, K8S_134), stored, SA_WITH_CLIENT).patch())
          .isEmpty();
    }

    @Test
    void proxyAlreadyInContainersIsNotAddedAgainAsNativeSidecar() {
      JsonNode classic =
          mutate(
              settings(TokenLayout.V1_6, K8S_131),
              pod("{'azure.workload.identity/inject-proxy-sidecar':'true'}"),
              SA_WITH_CLIENT);
      JsonNode again = mutate(settings(TokenLayout.V1_6, K8S_134), classic, SA_WITH_CLIENT);
      assertThat(names(again.at("/spec/initContainers"))).containsExactly("azwi-proxy-init");
      assertThat(names(again.at("/spec/containers"))).containsExactly("azwi-proxy", "app");
    }
  }

  @Nested
  class OddPods {

    @Test
    void podWithoutSpecIsDenied() {
      assertThat(denial(json("{'metadata':{'name':'x'}}"))).isEqualTo("the pod has no spec");
    }

    @Test
    void objectThatIsNotAJsonObjectIsDenied() {
      assertThat(denial(json("['not','a','pod']")))
          .isEqualTo("the admitted object is not a pod: expected a JSON object");
    }

    @Test
    void containersThatAreNotAListAreDenied() {
      assertThat(denial(json("{'spec':{'containers':{'name':'app'}}}")))
          .isEqualTo("spec.containers must be a list");
    }

    @Test
    void containerThatIsNotAnObjectIsDenied() {
      assertThat(denial(json("{'spec':{'containers':['app']}}")))
          .isEqualTo("spec.containers[0] must be an object");
    }

    @Test
    void envThatIsNotAListIsDenied() {
      assertThat(denial(json("{'spec':{'containers':[{'name':'a','env':'X=1'}]}}")))
          .isEqualTo("spec.containers[0].env must be a list");
    }

    @Test
    void nonStringAnnotationIsDenied() {
      assertThat(denial(json("{'metadata':{'annotations':{'a':1}},'spec':{'containers':[]}}")))
          .isEqualTo("metadata.annotations[\"a\"] must be a string");
    }

    @Test
    void nonStringServiceAccountNameIsRejected() {
      assertThat(
              org.assertj.core.api.Assertions.catchThrowable(
                  () -> PodMutator.serviceAccountName(json("{'spec':{'serviceAccountName':7}}"))))
          .hasMessage("spec.serviceAccountName must be a string");
      assertThat(PodMutator.serviceAccountName(json("{'spec':{}}"))).isEqualTo("default");
      assertThat(PodMutator.serviceAccountName(json("{}"))).isEqualTo("default");
    }

    @Test
    void podWithoutMetadataOrContainersStillGetsTheVolume() {
      JsonNode mutated = mutate(json("{'spec':{}}"));
      assertThat(mutated.at("/spec/volumes/0/name").asText())
          .isEqualTo(TokenLayout.V1_6.volumeName(" (prefix)"));
      assertThat(mutated.at("/metadata/namespace").asText()).isEqualTo(NS);
    }

    @Test
    void unknownFieldsArePreservedAndNotPatched() {
      ObjectNode pod = (ObjectNode) pod("{}");
      pod.set("futureField", json("{'x':[1,2,{'y':null}]}"));
      ((ObjectNode) pod.at("/spec/containers/0")).put("someNewContainerField", "kept");

      MutationResult.Mutated result =
          mutated(settings(TokenLayout.V1_6, K8S_134), pod, SA_WITH_CLIENT);

      assertThat(result.pod().get("futureField")).isEqualTo(pod.get("futureField"));
      assertThat(result.pod().at("/spec/containers/0/someNewContainerField").asText())
          .isEqualTo("kept");
      assertThat(result.patch())
          .extracting(PatchOperation::path)
          .noneMatch(p -> p.contains("future"));
    }

    @Test
    void hugePodIsMutatedQuickly() {
      ObjectNode pod = (ObjectNode) pod("{'azure.workload.identity/inject-proxy-sidecar':'true'}");
      ArrayNode containers = ((ObjectNode) pod.get("spec")).putArray("containers");
      for (int i = 0; i < 2000; i++) {
        ObjectNode c = containers.addObject().put("name", "c" + i).put("image", "busybox");
        ArrayNode env = c.putArray("env");
        for (int j = 0; j < 20; j++) {
          env.addObject().put("name", "V" + j).put("value", "x".repeat(50));
        }
      }
      long start = System.nanoTime();
      MutationResult.Mutated result =
          mutated(settings(TokenLayout.V1_6, K8S_134), pod, SA_WITH_CLIENT);
      long millis = (System.nanoTime() - start) / 1_000_000;

      assertThat(result.pod().at("/spec/containers")).hasSize(2000);
      assertThat(millis).isLessThan(3000);
    }
  }
}
