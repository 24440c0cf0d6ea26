package dev.wimigrate.inventory.fleet;

import dev.wimigrate.events.common.MigrationPath;
import dev.wimigrate.events.inventory.ClusterObserved;
import dev.wimigrate.events.inventory.InventoryEvent;
import dev.wimigrate.events.inventory.PodIdentityObserved;
import dev.wimigrate.events.inventory.SnapshotCompleted;
import dev.wimigrate.events.inventory.TriggerAuthenticationObserved;
import dev.wimigrate.events.inventory.WorkloadGone;
import dev.wimigrate.events.inventory.WorkloadObserved;
import dev.wimigrate.inventory.planning.FleetView;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The fleet as the agents report it on {@code wimigrate.inventory}, materialised in memory and
 * rebuilt at start by re-reading the compacted topic from its beginning (see {@code
 * docs/inventory.md}).
 *
 * <p>Rules, per object (cluster facts, workload, AzureIdentity, KEDA object):
 *
 * <ul>
 *   <li>the newest observation ({@code observedAt}) wins; an older one arriving later (re-delivery,
 *       replay, another partition) changes nothing; on a tie the later delivery wins;
 *   <li>{@link WorkloadGone} removes a workload and leaves a tombstone so an older observation does
 *       not bring it back; a {@code deleted} AzureIdentity or KEDA object is kept as a tombstone
 *       and served nowhere;
 *   <li>a {@link SnapshotCompleted} newer than the cluster's last one is a watermark: the agent
 *       stamps every object of a snapshot with the snapshot's {@code completedAt}, so everything of
 *       that cluster observed before it was not in the snapshot and is dropped, and later-arriving
 *       observations of the cluster older than the watermark are ignored.
 * </ul>
 *
 * <p>Workloads sit in one map sorted by key ({@code cluster/namespace/Kind/name}), so a cluster or
 * a cluster's namespace is a contiguous key range; a namespace index serves namespace queries
 * across clusters and an identity index (resource id, client id, AzureIdentity name, client-id
 * annotation; lower case) serves identity queries; counts for the summary are kept as the store
 * changes. One read-write lock: the consumer writes one event at a time, queries read a consistent
 * state.
 */
@ApplicationScoped
public class FleetInventory {

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, ClusterObserved> clusterFacts = new HashMap<>();
  private final Map<String, ClusterState> clusterStates = new HashMap<>();
  private final NavigableMap<String, WorkloadEntry> workloads = new TreeMap<>();
  private final Map<String, NavigableSet<String>> byNamespace = new HashMap<>();
  private final Map<String, NavigableSet<String>> byIdentity = new HashMap<>();
  private final Map<Bucket, Integer> counts = new HashMap<>();

  /** What the store knows about one cluster beyond its facts. */
  private static final class ClusterState {
    Instant snapshotAt;
    final Map<String, Instant> goneAt = new HashMap<>();
    final Map<String, PodIdentityObserved> podIdentities = new HashMap<>();
    final Map<String, TriggerAuthenticationObserved> triggerAuthentications = new HashMap<>();

    boolean stale(Instant observedAt) {
      return snapshotAt != null && observedAt.isBefore(snapshotAt);
    }
  }

  /** A summary counter: workloads of a cluster with a path and a Workload ID status. */
  private record Bucket(String cluster, String path, WorkloadIdentityStatus status) {}

  public void apply(InventoryEvent event) {
    write(
        () -> {
          if (event instanceof ClusterObserved c) {
            applyCluster(c);
          } else if (event instanceof WorkloadObserved w) {
            applyWorkload(w);
          } else if (event instanceof WorkloadGone g) {
            applyGone(g);
          } else if (event instanceof PodIdentityObserved p) {
            applyPodIdentity(p);
          } else if (event instanceof TriggerAuthenticationObserved t) {
            applyTriggerAuthentication(t);
          } else if (event instanceof SnapshotCompleted s) {
            applySnapshot(s);
          }
          return null;
        });
  }

  private void applyCluster(ClusterObserved cluster) {
    // keep the newest observation: re-delivered or reordered reports never go back in time
    clusterFacts.merge(
        cluster.clusterId(),
        cluster,
        (known, seen) -> seen.observedAt().isBefore(known.observedAt()) ? known : seen);
  }

  private void applyWorkload(WorkloadObserved observed) {
    ClusterState state = state(observed.clusterId());
    String key = observed.workload().key();
    Instant at = observed.observedAt();
    Instant gone = state.goneAt.get(key);
    WorkloadEntry known = workloads.get(key);
    if (state.stale(at)
        || (gone != null && at.isBefore(gone))
        || (known != null && at.isBefore(known.observed().observedAt()))) {
      return;
    }
    state.goneAt.remove(key);
    put(WorkloadEntry.of(observed));
  }

  private void applyGone(WorkloadGone event) {
    ClusterState state = state(event.clusterId());
    String key = event.workload().key();
    Instant at = event.observedAt();
    WorkloadEntry known = workloads.get(key);
    if (state.stale(at) || (known != null && at.isBefore(known.observed().observedAt()))) {
      return;
    }
    state.goneAt.merge(key, at, (a, b) -> a.isAfter(b) ? a : b);
    remove(key);
  }

  private void applyPodIdentity(PodIdentityObserved identity) {
    ClusterState state = state(identity.clusterId());
    if (!state.stale(identity.observedAt())) {
      state.podIdentities.merge(
          identity.partitionKey(),
          identity,
          (known, seen) -> seen.observedAt().isBefore(known.observedAt()) ? known : seen);
    }
  }

  private void applyTriggerAuthentication(TriggerAuthenticationObserved keda) {
    ClusterState state = state(keda.clusterId());
    if (!state.stale(keda.observedAt())) {
      state.triggerAuthentications.merge(
          keda.partitionKey(),
          keda,
          (known, seen) -> seen.observedAt().isBefore(known.observedAt()) ? known : seen);
    }
  }

  private void applySnapshot(SnapshotCompleted snapshot) {
    ClusterState state = state(snapshot.clusterId());
    Instant at = snapshot.completedAt();
    if (state.snapshotAt != null && !at.isAfter(state.snapshotAt)) {
      return; // an older or re-delivered snapshot: its pruning is already done
    }
    state.snapshotAt = at;
    List<String> notInSnapshot = new ArrayList<>();
    for (WorkloadEntry entry : clusterRange(snapshot.clusterId()).values()) {
      if (entry.observed().observedAt().isBefore(at)) {
        notInSnapshot.add(entry.key());
      }
    }
    notInSnapshot.forEach(this::remove);
    // the watermark now covers older tombstones and objects the snapshot did not report
    state.goneAt.values().removeIf(gone -> gone.isBefore(at));
    state.podIdentities.values().removeIf(p -> p.observedAt().isBefore(at));
    state.triggerAuthentications.values().removeIf(t -> t.observedAt().isBefore(at));
  }

  private ClusterState state(String clusterId) {
    return clusterStates.computeIfAbsent(clusterId, id -> new ClusterState());
  }

  private void put(WorkloadEntry entry) {
    WorkloadEntry before = workloads.put(entry.key(), entry);
    if (before != null) {
      count(before, -1);
      unindex(byIdentity, before.identityTokens(), before.key());
    } else {
      byNamespace
          .computeIfAbsent(entry.observed().workload().namespace(), ns -> new TreeSet<>())
          .add(entry.key());
    }
    count(entry, +1);
    for (String token : entry.identityTokens()) {
      byIdentity.computeIfAbsent(token, t -> new TreeSet<>()).add(entry.key());
    }
  }

  private static void unindex(
      Map<String, NavigableSet<String>> index, Iterable<String> names, String key) {
    for (String name : names) {
      NavigableSet<String> keys = index.get(name);
      if (keys != null) {
        keys.remove(key);
        if (keys.isEmpty()) {
          index.remove(name);
        }
      }
    }
  }

  private void remove(String key) {
    WorkloadEntry before = workloads.remove(key);
    if (before == null) {
      return;
    }
    count(before, -1);
    unindex(byNamespace, List.of(before.observed().workload().namespace()), key);
    unindex(byIdentity, before.identityTokens(), key);
  }

  private void count(WorkloadEntry entry, int delta) {
    Bucket bucket =
        new Bucket(entry.observed().clusterId(), entry.pathName(), entry.workloadIdentity());
    counts.merge(bucket, delta, (a, b) -> a + b == 0 ? null : a + b);
  }

  /** Keys {@code cluster/…}: '/' is followed by '0' in UTF-16 order and cluster ids have no '/'. */
  private NavigableMap<String, WorkloadEntry> clusterRange(String cluster) {
    return workloads.subMap(cluster + "/", true, cluster + "0", false);
  }

  private NavigableMap<String, WorkloadEntry> namespaceRange(String cluster, String namespace) {
    String prefix = cluster + "/" + namespace;
    return workloads.subMap(prefix + "/", true, prefix + "0", false);
  }

  // ---- queries

  public List<ClusterObserved> clusters() {
    return read(
        () ->
            clusterFacts.values().stream()
                .sorted(Comparator.comparing(ClusterObserved::clusterId))
                .toList());
  }

  public Optional<ClusterObserved> cluster(String clusterId) {
    return read(() -> Optional.ofNullable(clusterFacts.get(clusterId)));
  }

  /** Whether anything of the cluster was reported: its facts or any of its objects. */
  public boolean knows(String clusterId) {
    return read(() -> clusterFacts.containsKey(clusterId) || clusterStates.containsKey(clusterId));
  }

  public Optional<WorkloadEntry> workload(String key) {
    return read(() -> Optional.ofNullable(workloads.get(key)));
  }

  /**
   * One page of the workloads matching {@code query}, in key order, starting after {@code
   * query.after()}. Cluster and namespace narrow the scan to an index range; path and identity are
   * checked on each workload in that range.
   */
  public WorkloadPage query(WorkloadQuery query) {
    return read(
        () -> {
          Iterator<WorkloadEntry> candidates = candidates(query);
          List<WorkloadEntry> page = new ArrayList<>(Math.min(query.limit(), 64));
          while (candidates.hasNext()) {
            WorkloadEntry entry = candidates.next();
            if (!query.matches(entry)) {
              continue;
            }
            if (page.size() == query.limit()) {
              return new WorkloadPage(page, page.get(page.size() - 1).key());
            }
            page.add(entry);
          }
          return new WorkloadPage(page, null);
        });
  }

  private Iterator<WorkloadEntry> candidates(WorkloadQuery query) {
    NavigableSet<String> keys = null;
    if (query.identity() != null) {
      keys =
          byIdentity.getOrDefault(
              query.identity().trim().toLowerCase(Locale.ROOT), new TreeSet<>());
      if (query.cluster() != null) {
        String prefix =
            query.namespace() == null ? query.cluster() : query.cluster() + "/" + query.namespace();
        keys = keys.subSet(prefix + "/", true, prefix + "0", false);
      }
    } else if (query.cluster() == null && query.namespace() != null) {
      keys = byNamespace.getOrDefault(query.namespace(), new TreeSet<>());
    }
    if (keys != null) {
      Iterator<String> it =
          (query.after() == null ? keys : keys.tailSet(query.after(), false)).iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public WorkloadEntry next() {
          return workloads.get(it.next());
        }
      };
    }
    NavigableMap<String, WorkloadEntry> range =
        query.cluster() == null
            ? workloads
            : query.namespace() == null
                ? clusterRange(query.cluster())
                : namespaceRange(query.cluster(), query.namespace());
    return (query.after() == null ? range : range.tailMap(query.after(), false))
        .values()
        .iterator();
  }

  /** Counts by cluster, planned path and Workload ID status, kept up to date as events apply. */
  public FleetSummary summary() {
    return read(
        () -> {
          Map<String, Integer> byPath = pathBuckets();
          Map<String, Integer> byStatus = statusBuckets();
          Map<String, Map<String, Integer>> clusterPaths = new TreeMap<>();
          Map<String, Map<String, Integer>> clusterStatuses = new TreeMap<>();
          Map<String, Integer> clusterTotals = new TreeMap<>();
          TreeSet<String> clusterIds = new TreeSet<>(clusterFacts.keySet());
          clusterIds.addAll(clusterStates.keySet());
          for (String id : clusterIds) {
            clusterPaths.put(id, pathBuckets());
            clusterStatuses.put(id, statusBuckets());
            clusterTotals.put(id, 0);
          }
          int total = 0;
          for (Map.Entry<Bucket, Integer> e : counts.entrySet()) {
            Bucket b = e.getKey();
            int n = e.getValue();
            total += n;
            byPath.merge(b.path(), n, Integer::sum);
            byStatus.merge(b.status().name(), n, Integer::sum);
            clusterPaths.get(b.cluster()).merge(b.path(), n, Integer::sum);
            clusterStatuses.get(b.cluster()).merge(b.status().name(), n, Integer::sum);
            clusterTotals.merge(b.cluster(), n, Integer::sum);
          }
          Map<String, FleetSummary.ClusterCounts> byCluster = new LinkedHashMap<>();
          int identities = 0;
          int keda = 0;
          for (String id : clusterIds) {
            ClusterState state = clusterStates.get(id);
            int clusterIdentities =
                state == null
                    ? 0
                    : (int) state.podIdentities.values().stream().filter(p -> !p.deleted()).count();
            int clusterKeda =
                state == null
                    ? 0
                    : (int)
                        state.triggerAuthentications.values().stream()
                            .filter(t -> !t.deleted())
                            .count();
            identities += clusterIdentities;
            keda += clusterKeda;
            byCluster.put(
                id,
                new FleetSummary.ClusterCounts(
                    clusterTotals.get(id),
                    clusterIdentities,
                    clusterKeda,
                    clusterPaths.get(id),
                    clusterStatuses.get(id),
                    state == null ? null : state.snapshotAt));
          }
          return new FleetSummary(
              clusterIds.size(), total, identities, keda, byPath, byStatus, byCluster);
        });
  }

  private static Map<String, Integer> pathBuckets() {
    Map<String, Integer> buckets = new LinkedHashMap<>();
    for (MigrationPath path : MigrationPath.values()) {
      buckets.put(path.name(), 0);
    }
    buckets.put(WorkloadEntry.NO_POD_IDENTITY, 0);
    return buckets;
  }

  private static Map<String, Integer> statusBuckets() {
    Map<String, Integer> buckets = new LinkedHashMap<>();
    for (WorkloadIdentityStatus status : WorkloadIdentityStatus.values()) {
      buckets.put(status.name(), 0);
    }
    return buckets;
  }

  /**
   * The planner's input: an immutable copy of everything the store serves (cluster facts, every
   * workload, AzureIdentities and KEDA objects that are not deleted). Federated credentials that
   * already exist are Azure's facts, not the agents': the list is empty here.
   */
  public FleetView fleetView() {
    return read(
        () -> {
          List<PodIdentityObserved> identities = new ArrayList<>();
          List<TriggerAuthenticationObserved> keda = new ArrayList<>();
          for (ClusterState state : clusterStates.values()) {
            state.podIdentities.values().stream()
                .filter(p -> !p.deleted())
                .forEach(identities::add);
            state.triggerAuthentications.values().stream()
                .filter(t -> !t.deleted())
                .forEach(keda::add);
          }
          identities.sort(Comparator.comparing(PodIdentityObserved::partitionKey));
          keda.sort(Comparator.comparing(TriggerAuthenticationObserved::partitionKey));
          return new FleetView(
              clusters(),
              workloads.values().stream().map(WorkloadEntry::observed).toList(),
              identities,
              keda,
              List.of());
        });
  }

  private <T> T read(Supplier<T> query) {
    lock.readLock().lock();
    try {
      return query.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  private <T> T write(Supplier<T> change) {
    lock.writeLock().lock();
    try {
      return change.get();
    } finally {
      lock.writeLock().unlock();
    }
  }
}
