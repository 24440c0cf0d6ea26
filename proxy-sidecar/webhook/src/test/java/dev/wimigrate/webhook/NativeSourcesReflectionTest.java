package dev.wimigrate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wimigrate.testkit.quarkus.NativeSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The native preparation Quarkus does for {@code package -Dquarkus.native.enabled=true
 * -Dquarkus.native.sources-only=true}, run here into a temporary directory (no GraalVM needed): the
 * generated {@code reflect-config.json} registers every JSON-mapped type of the webhook, and the
 * native-image arguments name Quarkus' feature.
 */
class NativeSourcesReflectionTest {

  static Path nativeSources;

  @BeforeAll
  static void prepareNativeSources() throws Exception {
    nativeSources = NativeSources.prepare();
  }

  @Test
  void nativeSourcesRegisterEveryJsonMappedTypeForReflection() throws Exception {
    Path runner;
    try (var files = Files.list(nativeSources)) {
      runner = files.filter(p -> p.toString().endsWith("-runner.jar")).findFirst().orElseThrow();
    }
    Set<String> registered = new HashSet<>();
    try (JarFile jar = new JarFile(runner.toFile())) {
      JsonNode config =
          new ObjectMapper()
              .readTree(
                  jar.getInputStream(jar.getEntry("META-INF/native-image/reflect-config.json")));
      config.forEach(entry -> registered.add(entry.path("name").asText()));
    }
    Set<Class<?>> jsonTypes = NativeReflectionRegistrationTest.reachableOwnTypes();
    assertThat(jsonTypes).isNotEmpty();
    assertThat(registered).containsAll(jsonTypes.stream().map(Class::getName).toList());
    assertThat(Files.readString(nativeSources.resolve("native-image.args")))
        .contains("--features=io.quarkus.runner.Feature");
  }
}
