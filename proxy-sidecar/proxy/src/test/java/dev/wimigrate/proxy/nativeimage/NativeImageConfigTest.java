package dev.wimigrate.proxy.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wimigrate.testkit.quarkus.NativeSources;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The native image's configuration as Quarkus prepares it (the same build as {@code package
 * -Dquarkus.native.enabled=true -Dquarkus.native.sources-only=true}, run here into a temporary
 * directory, without GraalVM): reflection registrations for every type Jackson maps, the resources
 * loaded at run time, and TLS.
 */
class NativeImageConfigTest {

  static Path nativeSources;

  @BeforeAll
  static void prepareNativeSources() throws Exception {
    nativeSources = NativeSources.prepare();
  }

  /** Main classes that Jackson maps through annotations (records serialized as IMDS answers). */
  static Set<String> jacksonMappedClasses() throws Exception {
    Path classes = Path.of("target", "classes");
    Set<String> mapped = new TreeSet<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = classes.relativize(file).toString().replace('/', '.');
        Class<?> type = Class.forName(name.substring(0, name.length() - 6), false, LOADER);
        if (usesJackson(type.getDeclaredAnnotations())
            || Arrays.stream(type.getDeclaredFields())
                .anyMatch(f -> usesJackson(f.getAnnotations()))
            || Arrays.stream(type.getDeclaredMethods())
                .anyMatch(m -> usesJackson(m.getAnnotations()))
            || Arrays.stream(type.getDeclaredConstructors())
                .flatMap(c -> Arrays.stream(c.getParameterAnnotations()))
                .anyMatch(NativeImageConfigTest::usesJackson)) {
          mapped.add(type.getName());
        }
      }
    }
    return mapped;
  }

  static final ClassLoader LOADER = NativeImageConfigTest.class.getClassLoader();

  static boolean usesJackson(Annotation[] annotations) {
    return Arrays.stream(annotations)
        .anyMatch(
            a -> a.annotationType().getPackageName().equals("com.fasterxml.jackson.annotation"));
  }

  static JsonNode nativeImageConfig(String file) throws Exception {
    Path jar = nativeSources.resolve("quarkus-application-runner.jar");
    try (JarFile runner = new JarFile(jar.toFile())) {
      JarEntry entry = runner.getJarEntry("META-INF/native-image/" + file);
      assertThat(entry).as(file + " in " + jar).isNotNull();
      try (var in = runner.getInputStream(entry)) {
        return new ObjectMapper().readTree(in);
      }
    }
  }

  @Test
  void everyJacksonMappedTypeIsRegisteredForReflectionWithItsMembers() throws Exception {
    Set<String> mapped = jacksonMappedClasses();
    assertThat(mapped)
        .contains(
            "dev.wimigrate.proxy.imds.ImdsTokenResponse", "dev.wimigrate.proxy.imds.ImdsError");

    Map<String, JsonNode> registered = new HashMap<>();
    nativeImageConfig("reflect-config.json")
        .forEach(entry -> registered.put(entry.path("name").asText(), entry));
    for (String type : mapped) {
      assertThat(registered).as("reflection registration of %s", type).containsKey(type);
      JsonNode entry = registered.get(type);
      assertThat(entry.path("allDeclaredConstructors").asBoolean()).as(type).isTrue();
      assertThat(entry.path("allDeclaredMethods").asBoolean()).as(type).isTrue();
      assertThat(entry.path("allDeclaredFields").asBoolean()).as(type).isTrue();
    }
  }

  @Test
  void nativeImageCanCallEntraOverHttps() throws Exception {
    List<String> args =
        Arrays.asList(Files.readString(nativeSources.resolve("native-image.args")).split("\\s+"));

    assertThat(args).contains("--enable-url-protocols=http,https").contains("--no-fallback");
  }

  /**
   * The native image does not scan {@code META-INF/services} by itself ({@code
   * -H:-UseServiceLoaderFeature}): the service files the proxy needs at run time, MicroProfile
   * Config's (read by {@code ProxyBeans} through {@code ConfigProvider}) among them, and the
   * OpenAPI document served at {@code /q/openapi} must be registered as resources.
   */
  @Test
  void resourcesTheProxyLoadsAtRunTimeAreRegistered() throws Exception {
    List<String> args =
        Arrays.asList(Files.readString(nativeSources.resolve("native-image.args")).split("\\s+"));
    JsonNode config = nativeImageConfig("resource-config.json");
    List<String> patterns = new java.util.ArrayList<>();
    config
        .path("resources")
        .path("includes")
        .forEach(i -> patterns.add(i.path("pattern").asText()));

    assertThat(args).contains("-H:-UseServiceLoaderFeature");
    assertThat(patterns)
        .contains(
            quoted("META-INF/services/org.eclipse.microprofile.config.spi.ConfigProviderResolver"),
            quoted("META-INF/services/org.eclipse.microprofile.config.spi.Converter"),
            quoted("META-INF/services/io.vertx.core.spi.JsonFactory"),
            quoted("META-INF/quarkus-generated-openapi-doc.JSON"),
            quoted("META-INF/quarkus-generated-openapi-doc.YAML"));
  }

  static String quoted(String resource) {
    return "\\Q" + resource + "\\E";
  }

  /** {@code --probe} and the argument checks run in ProxyMain, before Quarkus starts. */
  @Test
  void nativeImageStartsInProxyMain() throws Exception {
    Path jar = nativeSources.resolve("quarkus-application-runner.jar");
    try (JarFile runner = new JarFile(jar.toFile())) {
      assertThat(runner.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("dev.wimigrate.proxy.ProxyMain");
    }
  }
}
