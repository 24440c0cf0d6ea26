package dev.wimigrate.events;

import static dev.wimigrate.events.Samples.CART;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wimigrate.events.cluster.PatchWorkload;
import dev.wimigrate.events.cluster.VerifyWorkload;
import dev.wimigrate.events.common.Defaulted;
import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.federation.CreateFederatedCredential;
import dev.wimigrate.events.identity.RemovePodIdentity;
import dev.wimigrate.events.inventory.ClusterObserved;
import dev.wimigrate.events.inventory.WorkloadObserved;
import dev.wimigrate.events.migration.MigrationRequested;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecTest {
  static final String JWT =
      "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6c2hvcDpjYXJ0In0"
          + ".c2lnbmF0dXJl";

  final EventCodec codec = new EventCodec();
  final ObjectMapper json = codec.objectMapper();
  final PatchWorkload patch =
      new PatchWorkload(Samples.step("patch-cart"), CART, "cart", true, 8080, true, false);

  static Stream<Event> samples() {
    return Samples.all().stream();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everyEventRoundTripsByTypeAndByClass(Event event) {
    byte[] body = codec.encode(event);

    assertThat((Event) codec.decode(EventType.of(event).type(), body)).isEqualTo(event);
    assertThat(codec.decode(event.getClass(), body)).isEqualTo(event);
  }

  @Test
  void encodingUsesKubernetesKindsIsoTimesAndOmitsNulls() throws Exception {
    JsonNode tree =
        json.readTree(
            codec.encode(
                new VerifyWorkload(
                    Samples.step("v"), CART, java.time.Duration.ofMinutes(5), false)));
    assertThat(tree.at("/workload/kind").asText()).isEqualTo("Deployment");
    assertThat(tree.get("timeout").asText()).isEqualTo("PT5M");

    JsonNode cluster =
        json.readTree(
            codec.encode(
                new ClusterObserved("c1", "v1.30.4", null, false, true, false, Samples.NOW, null)));
    assertThat(cluster.get("observedAt").asText()).isEqualTo("2025-11-23T10:15:30.123Z");
    assertThat(cluster.has("oidcIssuerUrl")).isFalse();
  }

  @Test
  void encodingIsDeterministicWhateverTheMapOrder() {
    WorkloadObserved sample = Samples.workloadObserved();
    String body = new String(codec.encode(sample), StandardCharsets.UTF_8);
    assertThat(body)
        .contains(
            "\"labels\":{\"aadpodidbinding\":\"cart\",\"app\":\"cart\",\"team\":\"checkout\"}");
  }

  @Test
  void encodingRejectsAnythingNotRegistered() {
    assertThatThrownBy(() -> codec.encode(CART))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a registered event");
  }

  @Test
  void unknownFieldsAreIgnored() {
    byte[] body =
        edit(
            patch,
            o -> {
              o.put("addedInAFutureVersion", "x");
              ((ObjectNode) o.get("workload")).putObject("nested").put("deeper", 1);
              ((ObjectNode) o.get("step")).putArray("more").add(true);
            });

    assertThat(codec.decode(PatchWorkload.class, body)).isEqualTo(patch);
  }

  @Test
  void absentNullableFieldsDecodeToNull() {
    byte[] body = edit(patch, o -> o.remove("proxySidecarPort"));

    assertThat(codec.decode(PatchWorkload.class, body).proxySidecarPort()).isNull();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void absentOptionalCollectionsTakeTheirDocumentedDefault(Event event) throws Exception {
    for (RecordComponent defaulted : defaultedComponents(event)) {
      Event decoded =
          codec.decode(event.getClass(), edit(event, o -> o.remove(defaulted.getName())));
      Object value = defaulted.getAccessor().invoke(decoded);
      Object expected =
          value instanceof List
              ? List.of(defaulted.getAnnotation(Defaulted.class).value())
              : java.util.Map.of();
      assertThat(value).as(defaulted.toString()).isEqualTo(expected);
    }
  }

  @Test
  void ficAudiencesDefaultToTheTokenExchangeAudience() {
    Event fic =
        Samples.all().stream()
            .filter(CreateFederatedCredential.class::isInstance)
            .findFirst()
            .orElseThrow();
    CreateFederatedCredential decoded =
        codec.decode(CreateFederatedCredential.class, edit(fic, o -> o.remove("audiences")));
    assertThat(decoded.audiences()).containsExactly("api://AzureADTokenExchange");
  }

  @Test
  void decodingRejectsMissingNamespaceWithFieldPath() {
    byte[] body = edit(patch, o -> ((ObjectNode) o.get("workload")).remove("namespace"));

    assertThatThrownBy(() -> codec.decode(PatchWorkload.TYPE, body))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage(
            "dev.wimigrate.cluster.PatchWorkload.v1: missing required field 'workload.namespace'")
        .extracting(e -> ((MalformedEventException) e).fieldPath())
        .isEqualTo("workload.namespace");
  }

  @Test
  void decodingRejectsInvalidNamespaceWithFieldPath() {
    byte[] body = edit(patch, o -> ((ObjectNode) o.get("workload")).put("namespace", "Foo_"));

    assertThatThrownBy(() -> codec.decode(PatchWorkload.TYPE, body))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage(
            "dev.wimigrate.cluster.PatchWorkload.v1: field 'workload.namespace': "
                + "must be a DNS-1123 label, got \"Foo_\"");
  }

  @Test
  void decodingRejectsNullForARequiredField() {
    assertRejected(
        PatchWorkload.TYPE,
        edit(patch, o -> o.putNull("workload")),
        "field 'workload': must not be null");
    assertRejected(
        PatchWorkload.TYPE,
        edit(patch, o -> o.putNull("dryRun")),
        "field 'dryRun': must not be null");
  }

  @Test
  void crossFieldRulesReportTheFieldAtFault() {
    assertRejected(
        PatchWorkload.TYPE,
        edit(patch, o -> o.put("injectProxySidecar", false)),
        "field 'proxySidecarPort': must be absent unless injectProxySidecar is true");
  }

  @Test
  void listElementErrorsCarryTheirIndex() {
    Event remove =
        Samples.all().stream()
            .filter(RemovePodIdentity.class::isInstance)
            .findFirst()
            .orElseThrow();
    assertRejected(
        RemovePodIdentity.TYPE,
        edit(remove, o -> o.putArray("podIdentityNames").add("shop/a").add("no-slash")),
        "field 'podIdentityNames[1]': must be namespace/name, got \"no-slash\"");

    Event observed = Samples.workloadObserved();
    assertRejected(
        WorkloadObserved.TYPE,
        edit(observed, o -> ((ObjectNode) o.get("bindings").get(0)).put("bindingName", "Bad Name")),
        "field 'bindings[0].bindingName': must be a DNS-1123 subdomain, got \"Bad Name\"");
    assertRejected(
        WorkloadObserved.TYPE,
        edit(observed, o -> ((ObjectNode) o.get("containers").get(1)).remove("image")),
        "missing required field 'containers[1].image'");
  }

  static Stream<Arguments> wrongTypes() {
    return Stream.of(
        Arguments.of("dryRun", "\"true\"", "field 'dryRun': expected a boolean, got a string"),
        Arguments.of("dryRun", "1", "field 'dryRun': expected a boolean, got 1"),
        Arguments.of(
            "proxySidecarPort",
            "\"8080\"",
            "field 'proxySidecarPort': expected an integer, got a string"),
        Arguments.of(
            "proxySidecarPort", "80.5", "field 'proxySidecarPort': expected an integer, got 80.5"),
        Arguments.of(
            "serviceAccountName", "5", "field 'serviceAccountName': expected a string, got 5"),
        Arguments.of(
            "serviceAccountName",
            "{}",
            "field 'serviceAccountName': expected a string, got an object"),
        Arguments.of(
            "workload",
            "\"prod/shop/Deployment/cart\"",
            "field 'workload': expected an object, got a string"),
        Arguments.of("step", "[]", "field 'step': expected an object, got an array"));
  }

  @ParameterizedTest
  @MethodSource("wrongTypes")
  void decodingRejectsWrongTypes(String field, String value, String message) {
    assertRejected(PatchWorkload.TYPE, editRaw(patch, field, value), message);
  }

  @Test
  void enumsAreStrict() {
    assertRejected(
        PatchWorkload.TYPE,
        edit(patch, o -> ((ObjectNode) o.get("workload")).put("kind", "deployment")),
        "field 'workload.kind': expected one of [Deployment, StatefulSet, DaemonSet, CronJob, Job, Pod], got \"deployment\"");
    assertRejected(
        WorkloadObserved.TYPE,
        edit(Samples.workloadObserved(), o -> o.put("os", 0)),
        "field 'os': expected one of [LINUX, WINDOWS, UNKNOWN], got 0");
  }

  @Test
  void timesAndDurationsMustBeIsoStrings() {
    Event cluster = Samples.all().get(0);
    assertRejected(
        ClusterObserved.TYPE,
        edit(cluster, o -> o.put("observedAt", 1732356930)),
        "field 'observedAt': expected an ISO-8601 instant such as 2025-01-31T12:00:00Z, got an integer");
    assertRejected(
        ClusterObserved.TYPE,
        edit(cluster, o -> o.put("observedAt", "yesterday")),
        "field 'observedAt': expected an ISO-8601 instant such as 2025-01-31T12:00:00Z, got \"yesterday\"");
    VerifyWorkload verify =
        new VerifyWorkload(Samples.step("v"), CART, java.time.Duration.ofMinutes(5), false);
    assertRejected(
        VerifyWorkload.TYPE,
        edit(verify, o -> o.put("timeout", 300)),
        "field 'timeout': expected an ISO-8601 duration such as PT30S, got an integer");
  }

  @Test
  void malformedJsonIsRejectedWithItsPosition() {
    byte[] body =
        "{\"step\": {\"migrationId\": \"m\",\n \"stepId\" 1}}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> codec.decode(PatchWorkload.TYPE, body))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageStartingWith(
            "dev.wimigrate.cluster.PatchWorkload.v1: malformed JSON at line 2, column 11:");
  }

  @Test
  void duplicateKeysAndTrailingDataAreMalformed() {
    String valid = new String(codec.encode(patch), StandardCharsets.UTF_8);
    assertThatThrownBy(
            () ->
                codec.decode(
                    PatchWorkload.TYPE,
                    ("{\"dryRun\":true," + valid.substring(1)).getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("malformed JSON")
        .hasMessageContaining("Duplicate field 'dryRun'");
    assertThatThrownBy(
            () ->
                codec.decode(PatchWorkload.TYPE, (valid + " {}").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageEndingWith("malformed JSON: data after the end of the object");
  }

  @Test
  void emptyNullAndNonObjectBodiesAreRejected() {
    assertRejected(PatchWorkload.TYPE, new byte[0], "empty body");
    assertRejected(PatchWorkload.TYPE, " \n".getBytes(StandardCharsets.UTF_8), "empty body");
    assertRejected(PatchWorkload.TYPE, null, "empty body");
    assertRejected(
        PatchWorkload.TYPE,
        "null".getBytes(StandardCharsets.UTF_8),
        "body is null, expected an object");
    assertRejected(
        PatchWorkload.TYPE,
        "[]".getBytes(StandardCharsets.UTF_8),
        "expected a JSON object, got an array");
  }

  @Test
  void unknownCloudEventsTypeIsRejected() {
    assertThatThrownBy(
            () -> codec.decode("dev.wimigrate.cluster.PatchWorkload.v9", codec.encode(patch)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("unknown CloudEvents type \"dev.wimigrate.cluster.PatchWorkload.v9\"");
  }

  @Test
  void errorMessagesNeverEchoATokenFoundInTheInput() {
    byte[] body = edit(patch, o -> ((ObjectNode) o.get("workload")).put("namespace", JWT));

    assertThatThrownBy(() -> codec.decode(PatchWorkload.TYPE, body))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("field 'workload.namespace'")
        .hasMessageNotContaining("eyJ");
  }

  @Test
  void aMigrationRequestWithoutSelectorCriteriaMatchesEverything() {
    Event request =
        Samples.all().stream()
            .filter(MigrationRequested.class::isInstance)
            .findFirst()
            .orElseThrow();
    MigrationRequested decoded =
        codec.decode(MigrationRequested.class, edit(request, o -> o.putObject("selector")));

    assertThat(decoded.selector().matches(CART, java.util.Map.of())).isTrue();
  }

  private void assertRejected(String type, byte[] body, String problem) {
    assertThatThrownBy(() -> codec.decode(type, body))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageEndingWith(problem)
        .hasMessageStartingWith(type + ": ");
  }

  byte[] edit(Event event, Consumer<ObjectNode> change) {
    try {
      ObjectNode tree = (ObjectNode) json.readTree(codec.encode(event));
      change.accept(tree);
      return json.writeValueAsBytes(tree);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  byte[] editRaw(Event event, String field, String rawJson) {
    return edit(event, o -> o.set(field, readTree(rawJson)));
  }

  private JsonNode readTree(String raw) {
    try {
      return json.readTree(raw);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static List<RecordComponent> defaultedComponents(Event event) {
    return Arrays.stream(event.getClass().getRecordComponents())
        .filter(c -> c.isAnnotationPresent(Defaulted.class))
        .toList();
  }
}
