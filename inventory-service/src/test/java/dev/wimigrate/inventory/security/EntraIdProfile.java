package dev.wimigrate.inventory.security;

import dev.wimigrate.inventory.ticketing.RecordingMigrationRequests;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Set;

/**
 * The service as in production: Entra ID bearer tokens accepted (from the emulator) next to API
 * keys; migrations go to a recording {@code MigrationRequests} instead of the saga.
 */
public class EntraIdProfile implements QuarkusTestProfile {

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(EntraEmulatorTestResource.class));
  }

  @Override
  public Set<Class<?>> getEnabledAlternatives() {
    return Set.of(RecordingMigrationRequests.class);
  }
}
