package dev.wimigrate.inventory.fleet;

import dev.wimigrate.events.inventory.ClusterObserved;
import dev.wimigrate.events.inventory.InventoryEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fleet as the agents report it. For now it holds cluster facts in memory, rebuilt by
 * re-reading the inventory topic from the start; the durable, queryable workload store comes with
 * the inventory issue.
 */
@ApplicationScoped
public class FleetInventory {

  private final Map<String, ClusterObserved> clusters = new ConcurrentHashMap<>();

  public void apply(InventoryEvent event) {
    if (event instanceof ClusterObserved cluster) {
      // keep the newest observation: re-delivered or reordered reports never go back in time
      clusters.merge(
          cluster.clusterId(),
          cluster,
          (known, seen) -> seen.observedAt().isBefore(known.observedAt()) ? known : seen);
    }
  }

  public List<ClusterObserved> clusters() {
    return clusters.values().stream()
        .sorted(Comparator.comparing(ClusterObserved::clusterId))
        .toList();
  }

  public Optional<ClusterObserved> cluster(String clusterId) {
    return Optional.ofNullable(clusters.get(clusterId));
  }
}
