package dev.wimigrate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JacksonAnnotation;
import dev.wimigrate.webhook.admission.AdmissionReviewResponse;
import dev.wimigrate.webhook.admission.ErrorBody;
import dev.wimigrate.webhook.jsonpatch.PatchOperation;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Native images only serialise what is registered for reflection. Every record Jackson writes or
 * reads (reachable from the response types, or carrying Jackson annotations) must carry
 * {@code @RegisterForReflection}.
 */
class NativeReflectionRegistrationTest {

  /** What the endpoint hands to Jackson. */
  static final List<Class<?>> JSON_ROOTS =
      List.of(AdmissionReviewResponse.class, ErrorBody.class, PatchOperation.class);

  static Set<Class<?>> reachableOwnTypes() {
    Set<Class<?>> seen = new LinkedHashSet<>();
    Deque<Type> pending = new ArrayDeque<>(JSON_ROOTS);
    while (!pending.isEmpty()) {
      Type type = pending.pop();
      if (type instanceof ParameterizedType p) {
        pending.addAll(Arrays.asList(p.getActualTypeArguments()));
        pending.push(p.getRawType());
      } else if (type instanceof Class<?> c
          && c.getPackageName().startsWith("dev.wimigrate.webhook")
          && seen.add(c)
          && c.isRecord()) {
        for (RecordComponent component : c.getRecordComponents()) {
          pending.push(component.getGenericType());
        }
      }
    }
    return seen;
  }

  static List<Class<?>> allOwnClasses() throws IOException, URISyntaxException {
    Path root =
        Path.of(
            AdmissionReviewResponse.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.toString().endsWith(".class"))
          .map(p -> root.relativize(p).toString().replace('/', '.').replace(".class", ""))
          .filter(n -> n.startsWith("dev.wimigrate.webhook"))
          .<Class<?>>map(
              n -> {
                try {
                  return Class.forName(
                      n, false, NativeReflectionRegistrationTest.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                  throw new IllegalStateException(e);
                }
              })
          .toList();
    }
  }

  static boolean usesJacksonAnnotations(Class<?> c) {
    Stream<Annotation> annotations =
        Stream.concat(
            Arrays.stream(c.getAnnotations()),
            c.isRecord()
                ? Arrays.stream(c.getRecordComponents())
                    .flatMap(rc -> Arrays.stream(rc.getAnnotations()))
                : Stream.empty());
    return annotations.anyMatch(
        a -> a.annotationType().isAnnotationPresent(JacksonAnnotation.class));
  }

  @Test
  void everyTypeReachableFromTheJsonResponsesIsRegisteredForReflection() {
    Set<Class<?>> reachable = reachableOwnTypes();

    assertThat(reachable)
        .contains(
            AdmissionReviewResponse.AdmissionResponse.class,
            AdmissionReviewResponse.Status.class,
            PatchOperation.class);
    assertThat(reachable)
        .allSatisfy(
            c ->
                assertThat(c.isAnnotationPresent(RegisterForReflection.class))
                    .as(c.getName())
                    .isTrue());
  }

  @Test
  void everyRecordWithJacksonAnnotationsIsRegisteredForReflection() throws Exception {
    List<Class<?>> jacksonMapped =
        allOwnClasses().stream()
            .filter(NativeReflectionRegistrationTest::usesJacksonAnnotations)
            .toList();

    assertThat(jacksonMapped).isNotEmpty();
    assertThat(jacksonMapped)
        .allSatisfy(
            c ->
                assertThat(c.isAnnotationPresent(RegisterForReflection.class))
                    .as(c.getName())
                    .isTrue());
  }
}
