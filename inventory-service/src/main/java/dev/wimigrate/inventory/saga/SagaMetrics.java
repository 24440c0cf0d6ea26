package dev.wimigrate.inventory.saga;

import dev.wimigrate.inventory.planning.IdentityAllocation;
import dev.wimigrate.inventory.planning.IdentityBudget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The migration's numbers for Prometheus and the Grafana dashboard (deploy/grafana). Gauges show
 * the newest migration's view of each workload, so a workload migrated again after a rollback is
 * counted once. Label values are bounded: phases, paths, step names, Azure/agent error codes,
 * reason categories (never free text), cluster and namespace names, identity names.
 */
@ApplicationScoped
public class SagaMetrics {

  private final MeterRegistry registry;
  private final MultiGauge workloads;
  private final MultiGauge migrations;
  private final MultiGauge blocked;
  private final MultiGauge ficUsed;
  private final MultiGauge ficLimit;

  public SagaMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.workloads =
        MultiGauge.builder("wimigrate_migration_workloads")
            .description("Workloads in migrations by cluster, namespace, saga phase and path")
            .register(registry);
    this.migrations =
        MultiGauge.builder("wimigrate_migrations")
            .description("Migrations by status")
            .register(registry);
    this.blocked =
        MultiGauge.builder("wimigrate_migration_blocked_workloads")
            .description("Workloads the planner blocked (rewrite required), by cluster and reason")
            .register(registry);
    this.ficUsed =
        MultiGauge.builder("wimigrate_fic_budget_used")
            .description("Federated identity credentials planned on an identity (existing + new)")
            .register(registry);
    this.ficLimit =
        MultiGauge.builder("wimigrate_fic_budget_limit")
            .description("Federated identity credentials an identity may hold (Azure: 20)")
            .register(registry);
  }

  void stepOutcome(Effects.StepOutcome o) {
    String step = o.kind().slug();
    Counter.builder("wimigrate_saga_steps_total")
        .description("Saga step outcomes: succeeded, failed, retried, timed-out, skipped")
        .tags("step", step, "outcome", o.outcome())
        .register(registry)
        .increment();
    if ("succeeded".equals(o.outcome())) {
      Timer.builder("wimigrate_saga_step_duration")
          .description("From a step's first attempt to its success")
          .tags("step", step)
          .publishPercentileHistogram()
          .register(registry)
          .record(o.took());
    }
    if ("failed".equals(o.outcome())) {
      Counter.builder("wimigrate_saga_failures_total")
          .description("Steps that failed for good, by step and error code")
          .tags("step", step, "reason", o.errorCode() == null ? "unknown" : o.errorCode())
          .register(registry)
          .increment();
    }
  }

  void unknownResult() {
    registry.counter("wimigrate_saga_results_unknown_total").increment();
  }

  void rejectedResult() {
    registry.counter("wimigrate_saga_results_rejected_total").increment();
  }

  void persistenceRetry() {
    registry.counter("wimigrate_saga_persist_retries_total").increment();
  }

  /** Recomputes the gauges from the runs (on the saga thread). */
  void refresh(Collection<MigrationRun> runs) {
    List<MigrationRun> oldestFirst = new ArrayList<>(runs);
    oldestFirst.sort(Comparator.comparing(r -> r.header().createdAt()));
    Map<String, WorkloadSaga> latest = new HashMap<>();
    Map<String, IdentityAllocation> allocations = new HashMap<>();
    Map<String, Integer> limits = new HashMap<>();
    Map<Tags, Long> byStatus = new HashMap<>();
    for (MigrationRun run : oldestFirst) {
      byStatus.merge(Tags.of("status", run.header().status().name()), 1L, Long::sum);
      run.workloads().forEach(w -> latest.put(w.key(), w));
      for (IdentityBudget b : run.header().identities()) {
        for (IdentityAllocation a : b.allocations()) {
          allocations.put(a.resourceId().toLowerCase(Locale.ROOT), a);
          limits.put(a.resourceId().toLowerCase(Locale.ROOT), b.limit());
        }
      }
    }
    for (MigrationStatus s : MigrationStatus.values()) {
      byStatus.putIfAbsent(Tags.of("status", s.name()), 0L);
    }
    Map<Tags, Long> byPhase = new HashMap<>();
    Map<Tags, Long> byBlockReason = new HashMap<>();
    for (WorkloadSaga w : latest.values()) {
      byPhase.merge(
          Tags.of(
              "cluster", w.clusterId(),
              "namespace", w.workload().namespace(),
              "phase", w.phase().name(),
              "path", w.path() == null ? "NONE" : w.path().name()),
          1L,
          Long::sum);
      if (w.phase() == SagaPhase.BLOCKED) {
        byBlockReason.merge(
            Tags.of("cluster", w.clusterId(), "reason", blockCategory(w.reason())), 1L, Long::sum);
      }
    }
    workloads.register(rows(byPhase), true);
    migrations.register(rows(byStatus), true);
    blocked.register(rows(byBlockReason), true);
    List<MultiGauge.Row<?>> used = new ArrayList<>();
    List<MultiGauge.Row<?>> limit = new ArrayList<>();
    allocations.forEach(
        (id, a) -> {
          Tags tags =
              Tags.of("identity", name(a.resourceId()), "overflow", Boolean.toString(a.overflow()));
          used.add(MultiGauge.Row.of(tags, a.totalCredentials()));
          limit.add(MultiGauge.Row.of(tags, limits.get(id)));
        });
    ficUsed.register(used, true);
    ficLimit.register(limit, true);
  }

  /** A bounded label for the planner's free-text reason. */
  static String blockCategory(String reason) {
    String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
    if (r.contains("windows")) {
      return "windows";
    }
    if (r.contains("hostnetwork")) {
      return "host-network";
    }
    if (r.contains("service principal")) {
      return "service-principal";
    }
    if (r.contains("matches no azureidentitybinding")) {
      return "no-binding";
    }
    if (r.contains("missing or has no")) {
      return "identity-incomplete";
    }
    return "other";
  }

  private static String name(String resourceId) {
    return resourceId.substring(resourceId.lastIndexOf('/') + 1);
  }

  private static List<MultiGauge.Row<?>> rows(Map<Tags, Long> counts) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    counts.forEach((tags, n) -> rows.add(MultiGauge.Row.of(tags, n)));
    return rows;
  }
}
