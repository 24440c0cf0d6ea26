package dev.wimigrate.inventory.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wimigrate.events.inventory.ClusterObserved;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FleetInventoryTest {

  final FleetInventory inventory = new FleetInventory();
  final Instant t0 = Instant.parse("2026-11-23T00:00:00Z");

  @Test
  void newerClusterObservationReplacesOlder() {
    inventory.apply(observed("aks-1", "v1.33.2", t0));
    inventory.apply(observed("aks-1", "v1.34.4", t0.plusSeconds(60)));

    assertThat(inventory.cluster("aks-1"))
        .get()
        .extracting(ClusterObserved::kubernetesVersion)
        .isEqualTo("v1.34.4");
  }

  @Test
  void redeliveredOlderObservationDoesNotGoBackInTime() {
    inventory.apply(observed("aks-1", "v1.34.4", t0.plusSeconds(60)));
    inventory.apply(observed("aks-1", "v1.33.2", t0));

    assertThat(inventory.cluster("aks-1"))
        .get()
        .extracting(ClusterObserved::kubernetesVersion)
        .isEqualTo("v1.34.4");
  }

  @Test
  void clustersAreListedByIdentifier() {
    inventory.apply(observed("aks-b", "v1.34.4", t0));
    inventory.apply(observed("aks-a", "v1.34.4", t0));

    assertThat(inventory.clusters())
        .extracting(ClusterObserved::clusterId)
        .containsExactly("aks-a", "aks-b");
  }

  static ClusterObserved observed(String id, String version, Instant at) {
    return new ClusterObserved(
        id, version, "https://oidc.example/" + id + "/", true, true, false, at);
  }
}
