package dev.wimigrate.agent.discovery;

import dev.wimigrate.events.EventSources;
import dev.wimigrate.events.common.WorkloadRef;
import dev.wimigrate.events.inventory.InventoryEvent;
import dev.wimigrate.events.inventory.WorkloadGone;
import dev.wimigrate.events.inventory.WorkloadObserved;
import dev.wimigrate.servicekit.messaging.CloudEventMessages;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Reports the cluster's pod identity use to the inventory: a full snapshot at start and every
 * resync interval, and in between a delta for every workload that is added, changed or deleted
 * (informers on each workload kind).
 */
@ApplicationScoped
public class InventoryDiscovery {

  private static final Logger LOG = Logger.getLogger(InventoryDiscovery.class);

  private final ClusterReader reader;
  private final KubernetesClient kube;
  private final Emitter<byte[]> inventory;
  private final Clock clock;
  private final String clusterId;
  private final boolean forceNamespaced;
  // What was last reported per workload key, without its timestamp: informers fire on every status
  // change (replica counts, pod phases), and only a change of what the planner sees is worth an
  // event. Thousands of workloads would otherwise flood the inventory topic.
  private final Map<String, WorkloadObserved> reported = new ConcurrentHashMap<>();
  private final AtomicReference<ClusterSnapshot.Observed> lastRead = new AtomicReference<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  public InventoryDiscovery(
      ClusterReader reader,
      KubernetesClient kube,
      @Channel("inventory") Emitter<byte[]> inventory,
      Clock clock,
      @ConfigProperty(name = "wimigrate.agent.cluster-id") String clusterId,
      @ConfigProperty(
              name = "wimigrate.agent.pod-identity-force-namespaced",
              defaultValue = "false")
          boolean forceNamespaced) {
    this.reader = reader;
    this.kube = kube;
    this.inventory = inventory;
    this.clock = clock;
    this.clusterId = clusterId;
    this.forceNamespaced = forceNamespaced;
  }

  @Scheduled(
      every = "${wimigrate.agent.resync-interval:10m}",
      // Reactive Messaging connects its emitters during start-up; run once it has
      delayed = "${wimigrate.agent.start-delay:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduledSnapshot() {
    try {
      snapshot();
      startInformers();
    } catch (RuntimeException e) {
      LOG.warnf(
          "snapshot of cluster %s failed, retrying at the next resync: %s",
          clusterId, e.getMessage());
    }
  }

  /** Reads the whole cluster and reports it; returns the number of workloads reported. */
  public synchronized int snapshot() {
    ClusterSnapshot.Observed observed = read();
    lastRead.set(observed);
    String snapshotId = "snap-" + UUID.randomUUID();
    List<InventoryEvent> events =
        ClusterSnapshot.events(clusterId, snapshotId, observed, forceNamespaced, clock.instant());
    Map<String, WorkloadObserved> seen = new HashMap<>();
    int workloads = 0;
    for (InventoryEvent event : events) {
      if (event instanceof WorkloadObserved w) {
        seen.put(w.workload().key(), material(w));
        workloads++;
      }
      publish(event);
    }
    reported.keySet().retainAll(seen.keySet());
    reported.putAll(seen);
    LOG.infof(
        "snapshot %s of cluster %s: %d workloads use pod identity or Workload ID",
        snapshotId, clusterId, workloads);
    return workloads;
  }

  private ClusterSnapshot.Observed read() {
    return new ClusterSnapshot.Observed(
        reader.workloadObjects(),
        reader.serviceAccounts(),
        reader.namespaceLabels(),
        reader.azureIdentities(),
        reader.azureIdentityBindings(),
        reader.triggerAuthentications(),
        reader.clusterTriggerAuthentications());
  }

  private synchronized void startInformers() {
    if (!informers.isEmpty()) {
      return;
    }
    informers.add(kube.apps().deployments().inAnyNamespace().inform(new DeltaHandler<>()));
    informers.add(kube.apps().statefulSets().inAnyNamespace().inform(new DeltaHandler<>()));
    informers.add(kube.apps().daemonSets().inAnyNamespace().inform(new DeltaHandler<>()));
    informers.add(kube.batch().v1().cronjobs().inAnyNamespace().inform(new DeltaHandler<>()));
    informers.add(kube.batch().v1().jobs().inAnyNamespace().inform(new DeltaHandler<>()));
    informers.add(kube.pods().inAnyNamespace().inform(new DeltaHandler<>()));
  }

  // @PreDestroy, not a ShutdownEvent observer: an observer would create this bean at shutdown even
  // in `discover` mode, where the Kafka channel it needs is disabled.
  @PreDestroy
  void stop() {
    informers.forEach(SharedIndexInformer::close);
  }

  /** Re-observes one workload against the pod identity objects of the last snapshot. */
  // synchronized with snapshot(): a delta computed against the previous snapshot must not be
  // published after a newer snapshot
  private synchronized void observeOne(HasMetadata object) {
    ClusterSnapshot.Observed base = lastRead.get();
    Optional<WorkloadSource> source = WorkloadSource.of(object);
    if (base == null || source.isEmpty()) {
      return;
    }
    ClusterSnapshot.Observed one =
        new ClusterSnapshot.Observed(
            List.of(object),
            reader.serviceAccountOf(source.get()),
            base.namespaceLabels(),
            base.azureIdentities(),
            base.azureIdentityBindings(),
            List.of(),
            List.of());
    Instant now = clock.instant();
    ClusterSnapshot.events(clusterId, "delta", one, forceNamespaced, now).stream()
        .filter(WorkloadObserved.class::isInstance)
        .map(WorkloadObserved.class::cast)
        .map(w -> withTime(w, w.observedAt()))
        .findFirst()
        .ifPresentOrElse(
            w -> {
              WorkloadObserved material = material(w);
              WorkloadObserved before = reported.put(w.workload().key(), material);
              if (!material.equals(before)) {
                publish(w);
              }
            },
            () -> gone(source.get(), now));
  }

  /** The report as the planner sees it: without the moment it was observed. */
  static WorkloadObserved material(WorkloadObserved w) {
    return withTime(w, Instant.EPOCH);
  }

  /** A delta report (never part of a snapshot) at {@code observedAt}. */
  private static WorkloadObserved withTime(WorkloadObserved w, Instant observedAt) {
    return new WorkloadObserved(
        w.workload(),
        w.serviceAccountName(),
        w.podIdentitySelector(),
        w.bindings(),
        w.os(),
        w.hostNetwork(),
        w.containers(),
        w.sdkHint(),
        w.podSecurityLevel(),
        w.wiState(),
        w.labels(),
        observedAt,
        false);
  }

  private synchronized void gone(WorkloadSource source, Instant now) {
    WorkloadRef ref =
        new WorkloadRef(
            clusterId,
            source.metadata().getNamespace(),
            source.kind(),
            source.metadata().getName());
    if (reported.remove(ref.key()) != null) {
      publish(new WorkloadGone(ref, now));
    }
  }

  private void publish(InventoryEvent event) {
    inventory.send(CloudEventMessages.encode(event, EventSources.clusterAgent(clusterId)));
  }

  private final class DeltaHandler<T extends HasMetadata> implements ResourceEventHandler<T> {
    @Override
    public void onAdd(T object) {
      safely(() -> observeOne(object));
    }

    @Override
    public void onUpdate(T oldObject, T newObject) {
      safely(() -> observeOne(newObject));
    }

    @Override
    public void onDelete(T object, boolean finalStateUnknown) {
      safely(() -> WorkloadSource.of(object).ifPresent(s -> gone(s, clock.instant())));
    }

    private void safely(Runnable work) {
      try {
        work.run();
      } catch (RuntimeException e) {
        LOG.warnf("cannot report a workload change: %s", e.getMessage());
      }
    }
  }
}
