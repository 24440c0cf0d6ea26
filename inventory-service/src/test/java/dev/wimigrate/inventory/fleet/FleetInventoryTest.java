package dev.wimigrate.inventory.fleet;

import static dev.wimigrate.inventory.fleet.Workloads.cluster;
import static dev.wimigrate.inventory.fleet.Workloads.gone;
import static dev.wimigrate.inventory.fleet.Workloads.keda;
import static dev.wimigrate.inventory.fleet.Workloads.legacy;
import static dev.wimigrate.inventory.fleet.Workloads.podIdentity;
import static dev.wimigrate.inventory.fleet.Workloads.workload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wimigrate.events.common.MigrationPath;
import dev.wimigrate.events.common.OperatingSystem;
import dev.wimigrate.events.common.SdkGeneration;
import dev.wimigrate.events.inventory.ClusterObserved;
import dev.wimigrate.events.inventory.InventoryEvent;
import dev.wimigrate.events.inventory.PodIdentityObserved;
import dev.wimigrate.events.inventory.SnapshotCompleted;
import dev.wimigrate.events.inventory.TriggerAuthenticationObserved;
import dev.wimigrate.events.inventory.WorkloadIdentityState;
import dev.wimigrate.events.inventory.WorkloadObserved;
import dev.wimigrate.inventory.planning.FleetView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
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

  @Test
  void newestWorkloadObservationWinsWhateverTheOrder() {
    WorkloadObserved old = legacy("aks-1", "shop", "cart", "id-a", t0);
    WorkloadObserved newer = legacy("aks-1", "shop", "cart", "id-b", t0.plusSeconds(5));

    inventory.apply(newer);
    inventory.apply(old); // re-delivered

    assertThat(inventory.workload("aks-1/shop/Deployment/cart"))
        .get()
        .extracting(e -> e.observed().podIdentitySelector())
        .isEqualTo("id-b");
    assertThat(inventory.summary().workloads()).isEqualTo(1);
  }

  @Test
  void workloadGoneRemovesAndAnOlderObservationDoesNotBringItBack() {
    inventory.apply(legacy("aks-1", "shop", "cart", "id-a", t0));
    inventory.apply(gone("aks-1", "shop", "cart", t0.plusSeconds(10)));
    inventory.apply(legacy("aks-1", "shop", "cart", "id-a", t0.plusSeconds(5)));

    assertThat(inventory.workload("aks-1/shop/Deployment/cart")).isEmpty();
    assertThat(inventory.query(WorkloadQuery.all(10)).items()).isEmpty();
    assertThat(inventory.summary().byCluster().get("aks-1").workloads()).isZero();

    inventory.apply(legacy("aks-1", "shop", "cart", "id-a", t0.plusSeconds(20))); // re-created
    assertThat(inventory.workload("aks-1/shop/Deployment/cart")).isPresent();
  }

  @Test
  void goneOlderThanTheKnownObservationChangesNothing() {
    inventory.apply(legacy("aks-1", "shop", "cart", "id-a", t0.plusSeconds(10)));
    inventory.apply(gone("aks-1", "shop", "cart", t0));

    assertThat(inventory.workload("aks-1/shop/Deployment/cart")).isPresent();
  }

  @Test
  void newerSnapshotDropsWhatItDidNotReport() {
    Instant s1 = t0.plusSeconds(100);
    inventory.apply(legacy("aks-1", "shop", "cart", "id-a", t0));
    inventory.apply(legacy("aks-1", "shop", "old", "id-a", t0));
    inventory.apply(legacy("aks-2", "shop", "other-cluster", "id-a", t0));
    inventory.apply(podIdentity("aks-1", "shop", "id-a", false, t0));
    inventory.apply(podIdentity("aks-1", "shop", "id-old", false, t0));
    inventory.apply(keda("aks-1", "shop", "keda-old", false, t0));
    // the snapshot at s1 reports cart and id-a only (the agent stamps them with the snapshot time)
    inventory.apply(podIdentity("aks-1", "shop", "id-a", false, s1));
    inventory.apply(legacy("aks-1", "shop", "cart", "id-a", s1));
    inventory.apply(new SnapshotCompleted("aks-1", "snap-1", 1, s1, null));

    assertThat(inventory.query(WorkloadQuery.all(10)).items())
        .extracting(WorkloadEntry::key)
        .containsExactly("aks-1/shop/Deployment/cart", "aks-2/shop/Deployment/other-cluster");
    FleetView view = inventory.fleetView();
    assertThat(view.podIdentities()).extracting(PodIdentityObserved::name).containsExactly("id-a");
    assertThat(view.triggerAuthentications()).isEmpty();

    // a report older than the snapshot arriving late (another partition, replay) is stale
    inventory.apply(legacy("aks-1", "shop", "old", "id-a", t0.plusSeconds(50)));
    assertThat(inventory.workload("aks-1/shop/Deployment/old")).isEmpty();
    // a change after the snapshot is kept
    inventory.apply(legacy("aks-1", "shop", "new", "id-a", s1.plusSeconds(1)));
    assertThat(inventory.workload("aks-1/shop/Deployment/new")).isPresent();
  }

  @Test
  void olderOrRedeliveredSnapshotDoesNotPrune() {
    Instant s1 = t0.plusSeconds(100);
    inventory.apply(new SnapshotCompleted("aks-1", "snap-2", 0, s1, null));
    inventory.apply(legacy("aks-1", "shop", "cart", "id-a", s1.plusSeconds(1)));
    inventory.apply(new SnapshotCompleted("aks-1", "snap-1", 0, t0, null));
    inventory.apply(new SnapshotCompleted("aks-1", "snap-2", 0, s1, null));

    assertThat(inventory.workload("aks-1/shop/Deployment/cart")).isPresent();
    assertThat(inventory.summary().byCluster().get("aks-1").lastSnapshotAt()).isEqualTo(s1);
  }

  @Test
  void snapshotArrivingBeforeItsWorkloadsConvergesToTheSameFleet() {
    Instant s1 = t0.plusSeconds(100);
    List<InventoryEvent> events = new ArrayList<>();
    events.add(legacy("aks-1", "shop", "cart", "id-a", t0));
    events.add(legacy("aks-1", "shop", "old", "id-a", t0));
    events.add(gone("aks-1", "shop", "deleted", t0.plusSeconds(3)));
    events.add(legacy("aks-1", "shop", "deleted", "id-a", t0.plusSeconds(2)));
    events.add(podIdentity("aks-1", "shop", "id-a", false, s1));
    events.add(podIdentity("aks-1", "shop", "id-gone", true, t0.plusSeconds(4)));
    events.add(keda("aks-1", "shop", "scaler", false, s1));
    events.add(legacy("aks-1", "shop", "cart", "id-a", s1));
    events.add(new SnapshotCompleted("aks-1", "snap-1", 1, s1, null));
    events.add(legacy("aks-1", "shop", "later", "id-a", s1.plusSeconds(5)));
    events.add(cluster("aks-1", t0));

    FleetView expected = apply(new FleetInventory(), events).fleetView();
    Random random = new Random(42);
    for (int i = 0; i < 50; i++) {
      List<InventoryEvent> shuffled = new ArrayList<>(events);
      Collections.shuffle(shuffled, random);
      FleetInventory other = apply(new FleetInventory(), shuffled);
      assertThat(other.fleetView()).isEqualTo(expected);
      assertThat(other.summary()).isEqualTo(apply(new FleetInventory(), events).summary());
    }
    assertThat(expected.workloads())
        .extracting(w -> w.workload().name())
        .containsExactly("cart", "later");
    assertThat(expected.podIdentities())
        .extracting(PodIdentityObserved::name)
        .containsExactly("id-a");
    assertThat(expected.triggerAuthentications())
        .extracting(TriggerAuthenticationObserved::name)
        .containsExactly("scaler");
  }

  @Test
  void deletedPodIdentityAndKedaObjectsAreNotServed() {
    inventory.apply(podIdentity("aks-1", "shop", "id-a", false, t0));
    inventory.apply(podIdentity("aks-1", "shop", "id-a", true, t0.plusSeconds(1)));
    inventory.apply(podIdentity("aks-1", "shop", "id-a", false, t0)); // re-delivered
    inventory.apply(keda("aks-1", "shop", "scaler", true, t0.plusSeconds(1)));
    inventory.apply(keda("aks-1", "shop", "scaler", false, t0));

    assertThat(inventory.fleetView().podIdentities()).isEmpty();
    assertThat(inventory.fleetView().triggerAuthentications()).isEmpty();
    assertThat(inventory.summary().podIdentities()).isZero();
  }

  @Test
  void summaryCountsByClusterPathAndWorkloadIdentityState() {
    inventory.apply(cluster("aks-1", t0));
    inventory.apply(cluster("aks-empty", t0));
    inventory.apply(legacy("aks-1", "shop", "cart", "id-a", t0));
    inventory.apply(
        workload(
            "aks-1",
            "shop",
            "win",
            "id-a",
            SdkGeneration.LEGACY,
            OperatingSystem.WINDOWS,
            new WorkloadIdentityState(true, null, false, false),
            t0,
            false));
    inventory.apply(
        workload(
            "aks-2",
            "web",
            "modern",
            "id-b",
            SdkGeneration.LATEST,
            OperatingSystem.LINUX,
            new WorkloadIdentityState(true, "abc", true, true),
            t0,
            false));
    inventory.apply(
        workload(
            "aks-2",
            "web",
            "done",
            null,
            SdkGeneration.LATEST,
            OperatingSystem.LINUX,
            new WorkloadIdentityState(true, "abc", true, true),
            t0,
            false));
    // a change moves the workload between buckets
    inventory.apply(
        workload(
            "aks-1",
            "shop",
            "cart",
            "id-a",
            SdkGeneration.LATEST,
            OperatingSystem.LINUX,
            new WorkloadIdentityState(false, null, false, false),
            t0.plusSeconds(1),
            false));

    FleetSummary summary = inventory.summary();
    assertThat(summary.clusters()).isEqualTo(3);
    assertThat(summary.workloads()).isEqualTo(4);
    assertThat(summary.byPath())
        .containsEntry("LATEST_SDK", 2)
        .containsEntry("SIDECAR", 0)
        .containsEntry("REWRITE_REQUIRED", 1)
        .containsEntry("NONE", 1);
    assertThat(summary.byWorkloadIdentity())
        .containsEntry("NONE", 1)
        .containsEntry("CONFIGURED", 1)
        .containsEntry("ACTIVE", 2);
    assertThat(summary.byCluster().get("aks-1").workloads()).isEqualTo(2);
    assertThat(summary.byCluster().get("aks-1").byPath()).containsEntry("REWRITE_REQUIRED", 1);
    assertThat(summary.byCluster().get("aks-2").byWorkloadIdentity()).containsEntry("ACTIVE", 2);
    assertThat(summary.byCluster().get("aks-empty").workloads()).isZero();
  }

  @Test
  void queriesFilterAndPageOverAHundredThousandWorkloads() {
    // 10 clusters × 50 namespaces × 200 workloads; every 7th on Windows, identities id-0..id-99
    List<String> expectedWindowsInNs7 = new ArrayList<>();
    for (int c = 0; c < 10; c++) {
      for (int n = 0; n < 50; n++) {
        for (int w = 0; w < 200; w++) {
          int i = (c * 50 + n) * 200 + w;
          String cluster = "aks-" + c;
          String ns = "ns-" + n;
          String name = String.format("app-%03d", w);
          boolean windows = i % 7 == 0;
          inventory.apply(
              workload(
                  cluster,
                  ns,
                  name,
                  "id-" + (i % 100),
                  SdkGeneration.LEGACY,
                  windows ? OperatingSystem.WINDOWS : OperatingSystem.LINUX,
                  new WorkloadIdentityState(false, null, false, false),
                  t0,
                  true));
          if (windows && n == 7) {
            expectedWindowsInNs7.add(cluster + "/" + ns + "/Deployment/" + name);
          }
        }
      }
    }
    assertThat(inventory.summary().workloads()).isEqualTo(100_000);
    assertThat(inventory.summary().byPath().get("REWRITE_REQUIRED")).isEqualTo(14_286);

    // cluster + namespace: a key range, paged
    WorkloadPage first =
        inventory.query(new WorkloadQuery("aks-3", "ns-12", null, null, 150, null));
    assertThat(first.items()).hasSize(150);
    assertThat(first.items().get(0).key()).isEqualTo("aks-3/ns-12/Deployment/app-000");
    WorkloadPage second =
        inventory.query(
            new WorkloadQuery("aks-3", "ns-12", null, null, 150, first.continueAfter()));
    assertThat(second.items()).hasSize(50);
    assertThat(second.items().get(49).key()).isEqualTo("aks-3/ns-12/Deployment/app-199");
    assertThat(second.continueAfter()).isNull();

    // namespace across clusters with a path filter, paged to the end
    List<String> found = new ArrayList<>();
    String after = null;
    do {
      WorkloadPage page =
          inventory.query(new WorkloadQuery(null, "ns-7", "REWRITE_REQUIRED", null, 100, after));
      page.items().forEach(e -> found.add(e.key()));
      after = page.continueAfter();
    } while (after != null);
    assertThat(found).containsExactlyElementsOf(expectedWindowsInNs7);

    // cluster + identity
    WorkloadPage byIdentity =
        inventory.query(
            new WorkloadQuery("aks-9", null, null, Workloads.identityId("id-42"), 1000, null));
    assertThat(byIdentity.items())
        .hasSize(100)
        .allSatisfy(e -> assertThat(e.observed().podIdentitySelector()).isEqualTo("id-42"));
    // by client id, any case, narrowed to a namespace; and by AzureIdentity name across the fleet
    assertThat(
            inventory
                .query(
                    new WorkloadQuery(
                        "aks-9",
                        "ns-3",
                        null,
                        Workloads.clientId("id-42").toUpperCase(java.util.Locale.ROOT),
                        1000,
                        null))
                .items())
        .extracting(WorkloadEntry::key)
        .containsExactly("aks-9/ns-3/Deployment/app-042", "aks-9/ns-3/Deployment/app-142");
    assertThat(inventory.query(new WorkloadQuery(null, null, null, "id-7", 1000, null)).items())
        .hasSize(1000)
        .allSatisfy(e -> assertThat(e.observed().podIdentitySelector()).isEqualTo("id-7"));
    assertThat(
            inventory.query(new WorkloadQuery("aks-9", null, "SIDECAR", null, 1000, null)).items())
        .allSatisfy(e -> assertThat(e.plannedPath().path()).isEqualTo(MigrationPath.SIDECAR));
    assertThat(inventory.fleetView().workloads()).hasSize(100_000);
  }

  static FleetInventory apply(FleetInventory inventory, List<InventoryEvent> events) {
    events.forEach(inventory::apply);
    return inventory;
  }

  static ClusterObserved observed(String id, String version, Instant at) {
    return new ClusterObserved(
        id, version, "https://oidc.example/" + id + "/", true, true, false, at, null);
  }
}
