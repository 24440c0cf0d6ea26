package dev.wimigrate.webhook.admission;

import static dev.wimigrate.webhook.testing.Json.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wimigrate.webhook.jsonpatch.PatchOperation;
import dev.wimigrate.webhook.testing.Https;
import dev.wimigrate.webhook.testing.Json;
import dev.wimigrate.webhook.testing.Reviews;
import dev.wimigrate.webhook.testing.WebhookTestResource;
import dev.wimigrate.webhook.testing.WorkloadNamespaces;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The admission endpoint over HTTPS, with service accounts read from the real apiserver. */
@QuarkusTest
@WithTestResource(WebhookTestResource.class)
class MutatePodHttpTest {

  static final String CLIENT = "5c5f1f2e-1111-4c4c-9d9d-000000000001";

  @Inject KubernetesClient kube;

  String namespace;

  @BeforeEach
  void namespaceWithServiceAccount() {
    namespace = WorkloadNamespaces.withServiceAccount(kube, "wh-http", "wi-sa", CLIENT);
  }

  static JsonNode pod(String annotations) {
    return json(
        "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'web','labels':{'azure.workload.identity/use':'true'},"
            + "'annotations':"
            + annotations
            + "},'spec':{'serviceAccountName':'wi-sa','containers':[{'name':'web','image':'nginx'}]}}");
  }

  static HttpResponse<String> post(Object body) {
    return Https.post("/mutate-v1-pod", body.toString().getBytes(StandardCharsets.UTF_8));
  }

  static List<PatchOperation> patchOf(JsonNode response) throws Exception {
    byte[] patch = Base64.getDecoder().decode(response.path("patch").asText());
    return Arrays.asList(Json.MAPPER.readValue(patch, PatchOperation[].class));
  }

  static JsonNode body(HttpResponse<String> response) throws Exception {
    return Json.MAPPER.readTree(response.body());
  }

  @Test
  void podCreationIsAnsweredWithABase64JsonPatchForTheRequestUid() throws Exception {
    ObjectNode review = Reviews.create(namespace, pod("{}"));

    HttpResponse<String> response = post(review);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode answer = body(response);
    assertThat(answer.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(answer.path("kind").asText()).isEqualTo("AdmissionReview");
    JsonNode r = answer.path("response");
    assertThat(r.path("uid").asText()).isEqualTo(review.at("/request/uid").asText());
    assertThat(r.path("allowed").asBoolean()).isTrue();
    assertThat(r.path("patchType").asText()).isEqualTo("JSONPatch");
    JsonNode mutated = Json.apply(review.at("/request/object"), patchOf(r));
    assertThat(mutated.at("/metadata/namespace").asText()).isEqualTo(namespace);
    assertThat(mutated.at("/spec/containers/0/env/0"))
        .isEqualTo(json("{'name':'AZURE_CLIENT_ID','value':'" + CLIENT + "'}"));
    assertThat(mutated.at("/spec/containers/0/env/1/value").asText())
        .isEqualTo(WebhookTestResource.TENANT);
    assertThat(
            mutated.at("/spec/volumes/0/projected/sources/0/serviceAccountToken/audience").asText())
        .isEqualTo("api://AzureADTokenExchange");
  }

  @Test
  void v1beta1ReviewsAreAnsweredInV1beta1() throws Exception {
    HttpResponse<String> response =
        post(Reviews.review("admission.k8s.io/v1beta1", "CREATE", namespace, pod("{}")));
    assertThat(body(response).path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1beta1");
  }

  @Test
  void missingServiceAccountIsDeniedWithTheApiserversWords() throws Exception {
    ObjectNode pod = (ObjectNode) pod("{}");
    ((ObjectNode) pod.get("spec")).put("serviceAccountName", "ghost");

    JsonNode r = body(post(Reviews.create(namespace, pod))).path("response");

    assertThat(r.path("allowed").asBoolean()).isFalse();
    assertThat(r.at("/status/code").asInt()).isEqualTo(400);
    assertThat(r.at("/status/message").asText()).isEqualTo("serviceaccounts \"ghost\" not found");
    assertThat(r.has("patch")).isFalse();
  }

  @Test
  void invalidTokenExpirationIsDeniedWithTheReason() throws Exception {
    JsonNode r =
        body(post(
                Reviews.create(
                    namespace,
                    pod("{'azure.workload.identity/service-account-token-expiration':'100'}"))))
            .path("response");

    assertThat(r.path("allowed").asBoolean()).isFalse();
    assertThat(r.at("/status/code").asInt()).isEqualTo(400);
    assertThat(r.at("/status/reason").asText()).isEqualTo("BadRequest");
    assertThat(r.at("/status/message").asText()).startsWith("token expiration 100 (annotation");
  }

  @Test
  void warningsReachTheUserWhenTheServiceAccountHasNoClientId() throws Exception {
    kube.serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("bare").endMetadata().build())
        .create();
    ObjectNode pod = (ObjectNode) pod("{}");
    ((ObjectNode) pod.get("spec")).put("serviceAccountName", "bare");

    JsonNode r = body(post(Reviews.create(namespace, pod))).path("response");

    assertThat(r.path("allowed").asBoolean()).isTrue();
    assertThat(r.path("warnings").get(0).asText())
        .contains("service account bare has no azure.workload.identity/client-id annotation");
  }

  @Test
  void operationsOtherThanCreatePassUntouched() throws Exception {
    JsonNode r =
        body(post(Reviews.review("admission.k8s.io/v1", "UPDATE", namespace, pod("{}"))))
            .path("response");
    assertThat(r.path("allowed").asBoolean()).isTrue();
    assertThat(r.has("patch")).isFalse();
  }

  @Test
  void objectsOtherThanPodsAreDenied() throws Exception {
    ObjectNode review = Reviews.create(namespace, pod("{}"));
    ((ObjectNode) review.at("/request/kind")).put("kind", "Deployment");
    JsonNode r = body(post(review)).path("response");
    assertThat(r.path("allowed").asBoolean()).isFalse();
    assertThat(r.at("/status/message").asText())
        .isEqualTo("this webhook admits pods only, got kind Deployment");
  }

  @Test
  void missingObjectIsDeniedForItsUid() throws Exception {
    ObjectNode review = Reviews.create(namespace, pod("{}"));
    ((ObjectNode) review.get("request")).remove("object");
    JsonNode r = body(post(review)).path("response");
    assertThat(r.path("uid").asText()).isEqualTo(review.at("/request/uid").asText());
    assertThat(r.at("/status/message").asText())
        .isEqualTo("request.object is missing or is not a pod object");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not JSON | {oops | request body is not valid JSON: ",
        "a JSON array | [] | request body must be an AdmissionReview JSON object",
        "wrong kind | {\"kind\":\"Pod\",\"apiVersion\":\"v1\"} | kind must be \"AdmissionReview\", got \"Pod\"",
        "wrong apiVersion | {\"kind\":\"AdmissionReview\",\"apiVersion\":\"v1\"} | apiVersion must be admission.k8s.io/v1",
        "no request | {\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\"} | the AdmissionReview has no request object",
        "no uid | {\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\",\"request\":{}} | request.uid is missing or not a string"
      })
  void malformedBodiesGet400WithAReason(String name, String body, String reason) throws Exception {
    HttpResponse<String> response = post(body);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = body(response);
    assertThat(error.path("error").asText()).isEqualTo("bad_request");
    assertThat(error.path("message").asText()).startsWith(reason);
  }

  @Test
  void emptyBodyGets400() throws Exception {
    HttpResponse<String> response = Https.post("/mutate-v1-pod", new byte[0]);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(body(response).path("message").asText())
        .isEqualTo("empty request body: expected an AdmissionReview");
  }

  @Test
  void absurdlyDeepJsonGets400InsteadOfAStackOverflow() throws Exception {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    HttpResponse<String> response = post(deep);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(body(response).path("message").asText()).contains("nesting depth");
  }

  @Test
  void bodiesOverTheSizeCapAreRefusedWith413() {
    ObjectNode pod = (ObjectNode) pod("{}");
    ((ObjectNode) pod.get("metadata"))
        .putObject("annotations")
        .put("big", "x".repeat(5 * 1024 * 1024));
    HttpResponse<String> response = post(Reviews.create(namespace, pod));
    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void admissionsAreCountedAndTimedByResult() {
    post(Reviews.create(namespace, pod("{}")));
    post("{oops");

    String metrics = Https.get("/q/metrics").body();

    assertThat(metrics)
        .contains("wimigrate_webhook_admissions_total{result=\"mutated\"}")
        .contains("wimigrate_webhook_admissions_total{result=\"malformed\"}")
        .contains("wimigrate_webhook_admission_seconds_bucket{result=\"mutated\"");
  }

  @Test
  void healthIsUpOnceTheServiceAccountCacheHasSynced() {
    String health = Https.get("/q/health/ready").body();
    assertThat(health).contains("\"status\": \"UP\"").contains("service-account-cache");
  }

  @Test
  void openApiDocumentsTheAdmissionEndpoint() {
    String openapi = Https.get("/q/openapi").body();
    assertThat(openapi).contains("/mutate-v1-pod").contains("AdmissionReviewResponse");
  }

  @Test
  void largeButLegalPodIsAnsweredQuickly() throws Exception {
    ObjectNode pod = (ObjectNode) pod("{'azure.workload.identity/inject-proxy-sidecar':'true'}");
    var containers = ((ObjectNode) pod.get("spec")).putArray("containers");
    for (int i = 0; i < 500; i++) {
      containers.addObject().put("name", "c" + i).put("image", "busybox");
    }
    long start = System.nanoTime();
    HttpResponse<String> response = post(Reviews.create(namespace, pod));
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(body(response).at("/response/allowed").asBoolean()).isTrue();
    assertThat(millis).isLessThan(5000);
    assertThat(response.body()).contains("JSONPatch");
  }
}
