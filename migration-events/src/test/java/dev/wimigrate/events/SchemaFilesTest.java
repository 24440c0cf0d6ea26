package dev.wimigrate.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wimigrate.events.common.Event;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed schemas under src/main/resources/schemas are generated from the records. After
 * changing a record, regenerate them with
 *
 * <pre>./mvnw -pl migration-events test -Dtest=SchemaFilesTest -Dwimigrate.schemas.write=true</pre>
 */
class SchemaFilesTest {
  static final Path RESOURCES = Path.of("src/main/resources");
  static final boolean WRITE = Boolean.getBoolean("wimigrate.schemas.write");

  final SchemaGenerator generator = new SchemaGenerator();
  final EventCodec codec = new EventCodec();
  final ObjectMapper json = codec.objectMapper();

  static Stream<EventType> types() {
    return EventType.all().stream();
  }

  static Stream<Event> samples() {
    return Samples.all().stream();
  }

  @ParameterizedTest
  @MethodSource("types")
  void committedSchemaIsWhatTheGeneratorProducesNow(EventType type) throws Exception {
    Path file = RESOURCES.resolve(type.schemaResource());
    String generated = generator.text(type);
    if (WRITE) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, generated);
    }

    assertThat(file).as("schema of %s", type.type()).exists();
    assertThat(Files.readString(file).replace("\r\n", "\n"))
        .as(
            "%s is stale; regenerate with ./mvnw -pl migration-events test -Dtest=SchemaFilesTest"
                + " -Dwimigrate.schemas.write=true",
            file)
        .isEqualTo(generated);
  }

  @ParameterizedTest
  @MethodSource("types")
  void everyRegisteredTypeHasItsSchemaOnTheClassPath(EventType type) throws Exception {
    JsonNode schema = schema(type);

    assertThat(schema.get("$id").asText()).isEqualTo(type.schemaId().toString());
    assertThat(schema.get("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(schema.get("x-cloudevents-type").asText()).isEqualTo(type.type());
    assertThat(schema.get("additionalProperties").asBoolean()).isTrue();
  }

  @Test
  void noSchemaFileLacksARegisteredType() throws IOException {
    var expected = types().map(t -> RESOURCES.resolve(t.schemaResource())).toList();
    try (Stream<Path> files = Files.walk(RESOURCES.resolve("schemas"))) {
      assertThat(files.filter(Files::isRegularFile)).allMatch(expected::contains);
    }
  }

  @Test
  void thereIsOneSamplePerRegisteredType() {
    assertThat(samples().<Class<?>>map(Object::getClass))
        .containsExactlyInAnyOrderElementsOf(types().<Class<?>>map(EventType::javaType).toList());
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everySampleSatisfiesItsSchemaAndDecodesBackEqual(Event sample) throws Exception {
    EventType type = EventType.of(sample);
    byte[] body = codec.encode(sample);

    assertThat(SchemaCheck.violations(schema(type), json.readTree(body), true)).isEmpty();
    assertThat((Event) codec.decode(type.type(), body)).isEqualTo(sample);
  }

  /** The schema's required list and the codec agree: each one missing is rejected by name. */
  @ParameterizedTest
  @MethodSource("samples")
  void everyFieldTheSchemaRequiresIsRequiredByTheCodec(Event sample) throws Exception {
    EventType type = EventType.of(sample);
    JsonNode schema = schema(type);
    for (JsonNode required : schema.get("required")) {
      ObjectNode tree = (ObjectNode) json.readTree(codec.encode(sample));
      tree.remove(required.asText());
      byte[] body = json.writeValueAsBytes(tree);

      assertThat(SchemaCheck.violations(schema, tree, false)).isNotEmpty();
      assertThatThrownBy(() -> codec.decode(type.type(), body))
          .isInstanceOf(MalformedEventException.class)
          .hasMessage(type.type() + ": missing required field '" + required.asText() + "'");
    }
    schema
        .get("properties")
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!contains(schema.get("required"), name)) {
                // Cross-field rules may still refuse the value; the codec must not call it missing.
                assertThatCode(() -> assertNotMissing(type, without(sample, name)))
                    .as("optional %s of %s", name, type.name())
                    .doesNotThrowAnyException();
              }
            });
  }

  private void assertNotMissing(EventType type, byte[] body) {
    try {
      codec.decode(type.type(), body);
    } catch (MalformedEventException e) {
      assertThat(e.getMessage()).doesNotContain("missing required field");
    }
  }

  private byte[] without(Event sample, String field) throws IOException {
    ObjectNode tree = (ObjectNode) json.readTree(codec.encode(sample));
    tree.remove(field);
    return json.writeValueAsBytes(tree);
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode v : array) {
      if (v.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  private JsonNode schema(EventType type) throws IOException {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(type.schemaResource())) {
      assertThat(in).as("class path resource %s", type.schemaResource()).isNotNull();
      return json.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
