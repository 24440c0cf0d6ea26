package dev.wimigrate.inventory.saga;

import dev.wimigrate.events.common.StepResult;
import dev.wimigrate.events.migration.MigrationMode;
import dev.wimigrate.events.migration.MigrationRequested;
import dev.wimigrate.events.migration.MigrationSelector;
import dev.wimigrate.events.migration.TicketRef;
import dev.wimigrate.inventory.fleet.FleetInventory;
import dev.wimigrate.inventory.fleet.RebuildReadiness;
import dev.wimigrate.inventory.planning.FleetView;
import dev.wimigrate.inventory.planning.MigrationPlan;
import dev.wimigrate.inventory.planning.MigrationPlanner;
import dev.wimigrate.inventory.planning.PlannerSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * The edge around {@link MigrationRun}s: one thread owns every run (so the domain code needs no
 * locks), state is loaded from the {@link SagaStore} at start, each decision's entries are
 * persisted before its commands are sent, and a tick drives timeouts, retries and waves. Results
 * are acknowledged to Kafka only after their effects are stored and sent.
 */
@ApplicationScoped
public class SagaEngine {

  private static final Logger LOG = Logger.getLogger(SagaEngine.class);

  private final SagaConfig config;
  private final FleetInventory inventory;
  private final RebuildReadiness rebuild;
  private final Map<String, Object> kafka;
  private final SagaMetrics metrics;
  private final Event<MigrationStatusChanged> statusEvents;
  private final Clock clock = Clock.systemUTC();
  private final Map<String, MigrationRun> runs = new LinkedHashMap<>();
  private final CompletableFuture<Void> loaded = new CompletableFuture<>();
  private ScheduledExecutorService thread;
  private SagaStore store;
  private CommandPublisher publisher;

  public SagaEngine(
      SagaConfig config,
      FleetInventory inventory,
      @Readiness RebuildReadiness rebuild,
      @Identifier("default-kafka-broker") Map<String, Object> kafka,
      SagaMetrics metrics,
      Event<MigrationStatusChanged> statusEvents) {
    this.config = config;
    this.inventory = inventory;
    this.rebuild = rebuild;
    this.kafka = kafka;
    this.metrics = metrics;
    this.statusEvents = statusEvents;
  }

  void onStart(@Observes StartupEvent start) {
    thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "saga");
              t.setDaemon(true);
              return t;
            });
    thread.execute(this::load);
    long tick = config.tickInterval().toMillis();
    thread.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    thread.scheduleWithFixedDelay(this::refreshGauges, 1, 5, TimeUnit.SECONDS);
  }

  void onStop(@Observes ShutdownEvent stop) {
    if (thread != null) {
      thread.shutdown();
      try {
        thread.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (store instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.debugf("closing the saga store: %s", e.getMessage());
      }
    }
    if (publisher != null) {
      publisher.close();
    }
  }

  /** Loaded its state and can take requests (readiness). */
  public boolean ready() {
    return loaded.isDone() && !loaded.isCompletedExceptionally();
  }

  // ------------------------------------------------------------------ requests

  /** The migration id of a ticket: the same ticket always names the same migration. */
  public static String migrationIdOf(TicketRef ticket) {
    return "mig-"
        + MigrationRun.sha256(ticket.system().toLowerCase(Locale.ROOT) + ":" + ticket.id())
            .substring(0, 20);
  }

  /**
   * Plans and starts a migration, or finds the one the ticket already started.
   *
   * @throws InvalidMigrationRequest when the request can't be planned (unknown cluster, nothing
   *     selected, inventory not rebuilt yet)
   * @throws TicketConflict when the ticket already started a different migration
   */
  public Submitted submit(
      MigrationSelector selector, MigrationMode mode, TicketRef ticket, String requestedBy) {
    return onSagaThread(
        () -> {
          String id = migrationIdOf(ticket);
          MigrationRun existing = runs.get(id);
          if (existing != null) {
            MigrationRequested earlier = existing.header().request();
            if (!earlier.selector().equals(selector) || earlier.mode() != mode) {
              throw new TicketConflict(
                  "ticket "
                      + ticket.system()
                      + " "
                      + ticket.id()
                      + " already started migration "
                      + id
                      + " with "
                      + describe(earlier.selector(), earlier.mode())
                      + "; this request asks for "
                      + describe(selector, mode)
                      + " (use a new ticket for a different migration)");
            }
            return new Submitted(id, false, existing.header().status());
          }
          if (!rebuild.progress().complete()) {
            throw new InvalidMigrationRequest(
                503,
                "the fleet inventory is still being rebuilt ("
                    + rebuild.progress().remaining()
                    + " records to go); try again shortly");
          }
          if (selector.clusterId() != null && !inventory.knows(selector.clusterId())) {
            throw new InvalidMigrationRequest(
                422,
                "unknown cluster '"
                    + selector.clusterId()
                    + "': no cluster-agent has reported it; known clusters: "
                    + inventory.clusters().stream().map(c -> c.clusterId()).sorted().toList());
          }
          FleetView fleet = withCredentialsWeCreated(inventory.fleetView());
          MigrationPlan plan = planner().plan(fleet, selector);
          if (plan.workloads().isEmpty() && plan.blocked().isEmpty()) {
            throw new InvalidMigrationRequest(
                422,
                "the selector "
                    + describe(selector, mode)
                    + " matches no workload that uses pod identity");
          }
          Instant now = clock.instant();
          MigrationRequested request =
              new MigrationRequested(id, selector, mode, ticket, requestedBy, now);
          MigrationRun run = MigrationRun.plan(request, plan, fleet, config.settings(), now);
          persistAndSend(run.entries(), List.of());
          publisher.publish(List.of(request)); // the audit copy on wimigrate.migrations
          runs.put(id, run);
          LOG.infof(
              "migration %s for %s %s by %s: %d workloads, %d blocked, %s",
              id,
              ticket.system(),
              ticket.id(),
              requestedBy,
              plan.workloads().size(),
              plan.blocked().size(),
              mode);
          apply(run, run.advance(now, inventory::fleetView));
          statusEvents.fireAsync(
              new MigrationStatusChanged(
                  id,
                  ticket,
                  null,
                  run.header().status(),
                  run.header().statusReason(),
                  summary(run)));
          return new Submitted(id, true, run.header().status());
        });
  }

  public record Submitted(String migrationId, boolean created, MigrationStatus status) {}

  public enum Action {
    PAUSE,
    RESUME,
    ROLLBACK
  }

  /**
   * Pauses, resumes or rolls back a migration.
   *
   * @throws MigrationRun.IllegalTransition when its status does not allow it
   */
  public Optional<MigrationView> act(String migrationId, Action action, String by) {
    return onSagaThread(
        () -> {
          MigrationRun run = runs.get(migrationId);
          if (run == null) {
            return Optional.empty();
          }
          Instant now = clock.instant();
          Supplier<FleetView> fleet = inventory::fleetView;
          Effects fx =
              switch (action) {
                case PAUSE -> run.pause(now, by);
                case RESUME -> run.resume(now, by, fleet);
                case ROLLBACK -> run.rollback(now, by, fleet);
              };
          LOG.infof("migration %s: %s by %s", migrationId, action, by);
          apply(run, fx);
          return Optional.of(MigrationView.of(run));
        });
  }

  public Optional<MigrationView> view(String migrationId) {
    return onSagaThread(() -> Optional.ofNullable(runs.get(migrationId)).map(MigrationView::of));
  }

  /** Every migration's header, newest first. */
  public List<MigrationHeader> list() {
    return onSagaThread(
        () ->
            runs.values().stream()
                .map(MigrationRun::header)
                .sorted(Comparator.comparing(MigrationHeader::createdAt).reversed())
                .toList());
  }

  // ------------------------------------------------------------------ results and ticks

  /** Completes once the result's effects are stored and sent (then the record may be acked). */
  public CompletionStage<Void> onResult(StepResult result) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    thread.execute(
        () -> {
          try {
            MigrationRun run = runs.get(result.step().migrationId());
            if (run == null) {
              metrics.unknownResult();
              LOG.warnf(
                  "result %s for unknown migration %s ignored",
                  result.getClass().getSimpleName(), result.step().migrationId());
            } else {
              apply(run, run.onResult(result, clock.instant(), inventory::fleetView));
            }
            done.complete(null);
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    return done;
  }

  private void load() {
    try {
      while (!rebuild.progress().ready(clock.instant())) {
        Thread.sleep(200); // plans and pod identity removal must see the whole fleet
      }
      TopicBootstrap.ensure(kafka, config.stateTopic());
      publisher = new CommandPublisher(kafka);
      store = new KafkaSagaStore(kafka, config.stateTopic());
      Map<String, MigrationHeader> headers = new LinkedHashMap<>();
      Map<String, List<SharedStep>> steps = new LinkedHashMap<>();
      Map<String, List<WorkloadSaga>> workloads = new LinkedHashMap<>();
      for (SagaEntry e : store.loadAll()) {
        if (e instanceof MigrationHeader h) {
          headers.put(h.migrationId(), h);
        } else if (e instanceof SharedStep s) {
          steps.computeIfAbsent(s.migrationId(), k -> new ArrayList<>()).add(s);
        } else if (e instanceof WorkloadSaga w) {
          workloads.computeIfAbsent(w.migrationId(), k -> new ArrayList<>()).add(w);
        }
      }
      Instant now = clock.instant();
      for (MigrationHeader h : headers.values()) {
        MigrationRun run =
            MigrationRun.restore(
                h,
                steps.getOrDefault(h.migrationId(), List.of()),
                workloads.getOrDefault(h.migrationId(), List.of()),
                config.settings());
        runs.put(h.migrationId(), run);
        if (!h.status().ended()) {
          LOG.infof("resuming migration %s (%s)", h.migrationId(), h.status());
          apply(run, run.resend(now));
        }
      }
      loaded.complete(null);
      LOG.infof("saga ready: %d migrations", runs.size());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      loaded.completeExceptionally(e);
    } catch (RuntimeException e) {
      LOG.errorf(e, "saga state could not be loaded");
      loaded.completeExceptionally(e);
    }
  }

  private void tick() {
    if (!ready()) {
      return;
    }
    Instant now = clock.instant();
    for (MigrationRun run : List.copyOf(runs.values())) {
      if (!run.header().status().ended()) {
        try {
          apply(run, run.advance(now, inventory::fleetView));
        } catch (RuntimeException e) {
          LOG.errorf(e, "migration %s: tick failed", run.id());
        }
      }
    }
  }

  private void refreshGauges() {
    if (ready()) {
      metrics.refresh(runs.values());
    }
  }

  // ------------------------------------------------------------------ plumbing

  private void apply(MigrationRun run, Effects fx) {
    if (fx.isEmpty()) {
      return;
    }
    persistAndSend(fx.entries(), fx.commands());
    fx.outcomes().forEach(metrics::stepOutcome);
    for (Effects.StatusChange change : fx.statusChanges()) {
      LOG.infof(
          "migration %s: %s → %s (%s)",
          change.migrationId(), change.from(), change.to(), change.reason());
      statusEvents.fireAsync(
          new MigrationStatusChanged(
              change.migrationId(),
              run.header().request().ticket(),
              change.from(),
              change.to(),
              change.reason(),
              summary(run)));
    }
  }

  /**
   * Entries first, then commands: a crash in between re-sends the commands after the restart (same
   * step ids), never loses them. Kafka being away blocks the saga thread until it is back.
   */
  private void persistAndSend(
      List<SagaEntry> entries, List<dev.wimigrate.events.common.Event> commands) {
    Duration backoff = Duration.ofMillis(500);
    while (true) {
      try {
        if (!entries.isEmpty()) {
          store.save(entries);
        }
        if (!commands.isEmpty()) {
          publisher.publish(commands);
        }
        return;
      } catch (IllegalStateException e) {
        metrics.persistenceRetry();
        LOG.errorf("saga could not persist/send, retrying in %s: %s", backoff, e.getMessage());
        try {
          Thread.sleep(backoff.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
        backoff =
            backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                ? Duration.ofSeconds(30)
                : backoff.multipliedBy(2);
      }
    }
  }

  private <T> T onSagaThread(Callable<T> work) {
    if (!ready()) {
      throw new InvalidMigrationRequest(
          503, "the migration orchestrator is still loading its state; try again shortly");
    }
    try {
      return thread.submit(work).get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new InvalidMigrationRequest(503, "the migration orchestrator is busy; try again");
    }
  }

  /**
   * The agents cannot see Azure's federated credentials; those earlier migrations created are known
   * here and count against the budgets (others are caught by federation-service's limit).
   */
  private FleetView withCredentialsWeCreated(FleetView fleet) {
    List<dev.wimigrate.inventory.planning.ExistingFederatedCredential> known =
        new ArrayList<>(fleet.federatedCredentials());
    runs.values().forEach(r -> known.addAll(r.createdCredentials()));
    return new FleetView(
        fleet.clusters(),
        fleet.workloads(),
        fleet.podIdentities(),
        fleet.triggerAuthentications(),
        known);
  }

  private MigrationPlanner planner() {
    return new MigrationPlanner(
        PlannerSettings.defaults().withCanaryFraction(config.canaryFraction()));
  }

  static Map<String, Long> summary(MigrationRun run) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (WorkloadSaga w : run.workloads()) {
      counts.merge(w.phase().name(), 1L, Long::sum);
    }
    return counts;
  }

  private static String describe(MigrationSelector s, MigrationMode mode) {
    List<String> parts = new ArrayList<>();
    if (s.clusterId() != null) {
      parts.add("cluster=" + s.clusterId());
    }
    if (s.namespace() != null) {
      parts.add("namespace=" + s.namespace());
    }
    if (!s.workloadNames().isEmpty()) {
      parts.add("workloads=" + s.workloadNames());
    }
    if (!s.labels().isEmpty()) {
      parts.add("labels=" + s.labels());
    }
    parts.add("mode=" + mode);
    return "{" + String.join(", ", parts) + "}";
  }

  /** A request that can't be planned; {@code status} is the HTTP status to answer. */
  public static final class InvalidMigrationRequest extends RuntimeException {
    private final int status;

    public InvalidMigrationRequest(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /** The ticket already started a different migration (409). */
  public static final class TicketConflict extends RuntimeException {
    public TicketConflict(String message) {
      super(message);
    }
  }
}
