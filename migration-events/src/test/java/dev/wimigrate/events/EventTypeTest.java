package dev.wimigrate.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wimigrate.events.cluster.ClusterCommand;
import dev.wimigrate.events.cluster.ClusterResult;
import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.StepFailed;
import dev.wimigrate.events.common.StepResult;
import dev.wimigrate.events.federation.FederationCommand;
import dev.wimigrate.events.federation.FederationResult;
import dev.wimigrate.events.identity.IdentityCommand;
import dev.wimigrate.events.identity.IdentityResult;
import dev.wimigrate.events.inventory.InventoryEvent;
import dev.wimigrate.events.inventory.WorkloadObserved;
import dev.wimigrate.events.migration.MigrationEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EventTypeTest {
  /** Each sealed family and the topic its members travel on. */
  static final Map<Class<?>, String> FAMILIES =
      Map.of(
          InventoryEvent.class, Topics.INVENTORY,
          MigrationEvent.class, Topics.MIGRATIONS,
          IdentityCommand.class, Topics.IDENTITY_COMMANDS,
          FederationCommand.class, Topics.FEDERATION_COMMANDS,
          ClusterCommand.class, Topics.CLUSTER_COMMANDS,
          IdentityResult.class, Topics.RESULTS,
          FederationResult.class, Topics.RESULTS,
          ClusterResult.class, Topics.RESULTS);

  @Test
  void everyRecordOfTheSealedFamiliesIsRegisteredOnItsFamilysTopic() {
    var members = new HashSet<Class<?>>(List.of(StepFailed.class));
    FAMILIES.forEach(
        (family, topic) -> {
          assertThat(family.isSealed()).as(family + " is sealed").isTrue();
          for (Class<?> member : family.getPermittedSubclasses()) {
            assertThat(EventType.forClass(member))
                .as(member.getName())
                .hasValueSatisfying(t -> assertThat(t.topic()).isEqualTo(topic));
            members.add(member);
          }
        });

    assertThat(EventType.all().stream().<Class<?>>map(EventType::javaType))
        .containsExactlyInAnyOrderElementsOf(members);
  }

  @Test
  void everyEventRecordInTheModuleIsRegistered() throws Exception {
    Path classes = Path.of(Event.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<Class<?>> events;
    try (Stream<Path> files = Files.walk(classes)) {
      events =
          files
              .filter(f -> f.toString().endsWith(".class"))
              .map(
                  f ->
                      classes
                          .relativize(f)
                          .toString()
                          .replace('/', '.')
                          .replaceAll("\\.class$", ""))
              .map(EventTypeTest::load)
              .filter(c -> c.isRecord() && Event.class.isAssignableFrom(c))
              .collect(Collectors.toSet());
    }

    assertThat(events).hasSize(EventType.all().size());
    assertThat(EventType.all().stream().<Class<?>>map(EventType::javaType))
        .containsExactlyInAnyOrderElementsOf(events);
  }

  @Test
  void typeStringsNameTheFeatureTheRecordAndTheVersion() throws Exception {
    for (EventType type : EventType.all()) {
      Class<?> javaType = type.javaType();
      String feature =
          javaType.getPackageName().substring(javaType.getPackageName().lastIndexOf('.') + 1);
      assertThat(type.type())
          .isEqualTo("dev.wimigrate." + feature + "." + javaType.getSimpleName() + ".v1");
      assertThat(javaType.getField("TYPE").get(null))
          .as("%s.TYPE", javaType)
          .isEqualTo(type.type());
      assertThat(type.name()).isEqualTo(javaType.getSimpleName());
      assertThat(type.version()).isEqualTo(1);
      assertThat(type.description()).isNotBlank();
    }
  }

  @Test
  void resultsAreStepResultsAndCommandsCarryASteps() {
    for (EventType type : EventType.all()) {
      boolean result = StepResult.class.isAssignableFrom(type.javaType());
      assertThat(result).as(type.type()).isEqualTo(type.topic().equals(Topics.RESULTS));
    }
  }

  @Test
  void lookupsByTypeAndByClassAgree() {
    assertThat(EventType.all()).extracting(EventType::type).doesNotHaveDuplicates();
    assertThat(EventType.all()).extracting(EventType::name).doesNotHaveDuplicates();
    for (EventType type : EventType.all()) {
      assertThat(EventType.forType(type.type())).contains(type);
      assertThat(EventType.forClass(type.javaType())).contains(type);
    }
    assertThat(EventType.forType("dev.wimigrate.inventory.Nope.v1")).isEmpty();
    assertThat(EventType.forType(null)).isEmpty();
    assertThatThrownBy(() -> EventType.of("not an event"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void schemaLocationFollowsNameAndVersion() {
    EventType type = EventType.forClass(WorkloadObserved.class).orElseThrow();

    assertThat(type.schemaResource()).isEqualTo("schemas/v1/WorkloadObserved.schema.json");
    assertThat(type.schemaId())
        .hasToString("https://wimigrate.dev/schemas/v1/WorkloadObserved.schema.json");
  }

  @Test
  void registrationsAreValidated() {
    assertThatThrownBy(
            () -> new EventType("dev.wimigrate.x.Y", StepFailed.class, Topics.RESULTS, "d"))
        .hasMessageContaining("not a wimigrate CloudEvents type");
    assertThatThrownBy(() -> new EventType(StepFailed.TYPE, StepFailed.class, "elsewhere", "d"))
        .hasMessageContaining("unknown topic");
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, EventTypeTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
