package dev.wimigrate.inventory.saga;

import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.StepResult;
import dev.wimigrate.events.migration.MigrationMode;
import dev.wimigrate.events.migration.MigrationRequested;
import dev.wimigrate.events.migration.MigrationSelector;
import dev.wimigrate.events.migration.TicketRef;
import dev.wimigrate.inventory.planning.FleetView;
import dev.wimigrate.inventory.planning.MigrationPlanner;
import dev.wimigrate.testkit.workers.SimulatedWorkers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Drives one {@link MigrationRun} like the engine does, without Kafka: persists every changed entry
 * through the real JSON codec, queues the commands, answers them with a worker function (null = no
 * answer). With {@code restartEveryStep} the run is rebuilt from the persisted JSON after every
 * decision, as after a crash.
 */
final class SagaDriver {

  static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

  private final SagaEntryCodec codec = new SagaEntryCodec();
  private final Map<String, byte[]> persisted = new LinkedHashMap<>();
  private final SagaSettings settings;
  private final FleetView fleet;
  final Deque<Event> outbox = new ArrayDeque<>();
  final List<Event> sent = new ArrayList<>();
  final List<Effects.StatusChange> statusChanges = new ArrayList<>();
  final List<Effects.StepOutcome> outcomes = new ArrayList<>();
  Function<Event, StepResult> workers = new SimulatedWorkers();
  boolean restartEveryStep;
  Instant now = T0;
  MigrationRun run;

  SagaDriver(FleetView fleet, SagaSettings settings) {
    this.fleet = fleet;
    this.settings = settings;
  }

  static MigrationRequested request(String id, MigrationSelector selector, MigrationMode mode) {
    return new MigrationRequested(
        id, selector, mode, new TicketRef("jira", "OPS-" + id, null), "alice", T0);
  }

  SagaDriver start(MigrationRequested request) {
    run =
        MigrationRun.plan(
            request, new MigrationPlanner().plan(fleet, request.selector()), fleet, settings, now);
    run.entries().forEach(e -> persisted.put(e.entryKey(), codec.encode(e)));
    apply(run.advance(now, () -> fleet));
    return this;
  }

  void apply(Effects fx) {
    fx.entries().forEach(e -> persisted.put(e.entryKey(), codec.encode(e)));
    outbox.addAll(fx.commands());
    sent.addAll(fx.commands());
    statusChanges.addAll(fx.statusChanges());
    outcomes.addAll(fx.outcomes());
    if (restartEveryStep) {
      restart();
    }
  }

  /** Rebuilds the run from what was persisted, as the engine does at start. */
  void restart() {
    List<SagaEntry> entries =
        persisted.values().stream().map(codec::decode).collect(Collectors.toList());
    MigrationHeader header =
        entries.stream()
            .filter(MigrationHeader.class::isInstance)
            .map(MigrationHeader.class::cast)
            .findFirst()
            .orElseThrow();
    run =
        MigrationRun.restore(
            header,
            entries.stream()
                .filter(SharedStep.class::isInstance)
                .map(SharedStep.class::cast)
                .toList(),
            entries.stream()
                .filter(WorkloadSaga.class::isInstance)
                .map(WorkloadSaga.class::cast)
                .toList(),
            settings);
  }

  /** Answers queued commands until none is left (or the workers stay silent). */
  SagaDriver runUntilQuiet() {
    int guard = 0;
    while (!outbox.isEmpty()) {
      if (++guard > 10_000) {
        throw new AssertionError("the saga does not come to rest");
      }
      Event command = outbox.poll();
      StepResult result = workers.apply(command);
      if (result != null) {
        deliver(result);
      }
    }
    return this;
  }

  void deliver(StepResult result) {
    apply(run.onResult(result, now, () -> fleet));
  }

  void tick(Duration later) {
    now = now.plus(later);
    apply(run.advance(now, () -> fleet));
  }

  <T extends Event> List<T> sent(Class<T> type) {
    return sent.stream().filter(type::isInstance).map(type::cast).toList();
  }

  WorkloadSaga workload(String key) {
    return run.workloads().stream()
        .filter(w -> w.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no workload " + key));
  }

  MigrationStatus status() {
    return run.header().status();
  }
}
