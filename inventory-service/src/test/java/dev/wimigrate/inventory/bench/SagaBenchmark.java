package dev.wimigrate.inventory.bench;

import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.StepResult;
import dev.wimigrate.events.migration.MigrationMode;
import dev.wimigrate.events.migration.MigrationRequested;
import dev.wimigrate.events.migration.TicketRef;
import dev.wimigrate.inventory.planning.Fleet;
import dev.wimigrate.inventory.planning.FleetView;
import dev.wimigrate.inventory.planning.MigrationPlan;
import dev.wimigrate.inventory.planning.MigrationPlanner;
import dev.wimigrate.inventory.saga.Effects;
import dev.wimigrate.inventory.saga.MigrationRun;
import dev.wimigrate.inventory.saga.MigrationStatus;
import dev.wimigrate.inventory.saga.SagaEntry;
import dev.wimigrate.inventory.saga.SagaEntryCodec;
import dev.wimigrate.inventory.saga.SagaSettings;
import dev.wimigrate.testkit.workers.SimulatedWorkers;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Benchmark harness for the saga's domain core (not a test: surefire does not run it). Plans a
 * migration of N workloads (clusters of 500, identities of 10 workloads each, one service account
 * per workload) and drives it to COMPLETED in-process with simulated workers that answer every
 * command at once, as fast as the run decides. Measures planning, each decision (one result in,
 * effects out) and the JSON size of what each decision persists. Prints Markdown.
 *
 * <p>Arguments: workload counts, default {@code 1000 5000}.
 */
public final class SagaBenchmark {

  public static void main(String[] args) {
    int[] sizes =
        args.length == 0
            ? new int[] {1000, 5000}
            : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    System.out.println(
        "| workloads | plan | run to COMPLETED | results | decision median | decision p99 |"
            + " persisted per decision (median) |");
    System.out.println("|---|---|---|---|---|---|---|");
    run(200, false); // warm-up
    for (int n : sizes) {
      run(n, true);
    }
  }

  private static void run(int workloads, boolean print) {
    Fleet fleet = new Fleet();
    int clusters = Math.max(1, workloads / 500);
    for (int c = 0; c < clusters; c++) {
      fleet.aksCluster(
          "c" + c,
          "/subscriptions/0b1c2d3e-0000-4000-8000-000000000001/resourceGroups/rg"
              + "/providers/Microsoft.ContainerService/managedClusters/c"
              + c,
          Fleet.issuer("c" + c),
          true);
    }
    for (int i = 0; i < workloads; i++) {
      String cluster = "c" + (i % clusters);
      fleet.add(Fleet.w(cluster, "ns-" + (i % 50), "app-" + i).identity("id-" + (i / 10)));
    }
    FleetView view = fleet.view();
    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    MigrationRequested request =
        new MigrationRequested(
            "bench",
            Fleet.ALL,
            MigrationMode.EXECUTE,
            new TicketRef("bench", "B-1", null),
            "bench",
            now);
    SagaSettings settings =
        new SagaSettings(
            null,
            4,
            java.time.Duration.ofSeconds(5),
            java.time.Duration.ofMinutes(5),
            java.time.Duration.ofMinutes(5),
            100,
            true,
            0.2,
            null,
            null);
    long t0 = System.nanoTime();
    MigrationPlan plan = new MigrationPlanner().plan(view, Fleet.ALL);
    MigrationRun run = MigrationRun.plan(request, plan, view, settings, now);
    long planned = System.nanoTime();
    SagaEntryCodec codec = new SagaEntryCodec();
    SimulatedWorkers workers = new SimulatedWorkers();
    Deque<Event> outbox = new ArrayDeque<>(run.advance(now, () -> view).commands());
    List<Long> decisions = new ArrayList<>();
    List<Integer> bytes = new ArrayList<>();
    while (!outbox.isEmpty()) {
      StepResult result = workers.apply(outbox.poll());
      long d0 = System.nanoTime();
      Effects fx = run.onResult(result, now, () -> view);
      decisions.add(System.nanoTime() - d0);
      int size = 0;
      for (SagaEntry e : fx.entries()) {
        size += codec.encode(e).length;
      }
      bytes.add(size);
      outbox.addAll(fx.commands());
    }
    long done = System.nanoTime();
    if (run.header().status() != MigrationStatus.COMPLETED) {
      throw new IllegalStateException("ended " + run.header().status());
    }
    if (print) {
      decisions.sort(null);
      bytes.sort(null);
      System.out.printf(
          "| %,d | %d ms | %.1f s | %,d | %d µs | %d µs | %,d B |%n",
          workloads,
          (planned - t0) / 1_000_000,
          (done - planned) / 1e9,
          decisions.size(),
          decisions.get(decisions.size() / 2) / 1000,
          decisions.get((int) (decisions.size() * 0.99)) / 1000,
          bytes.get(bytes.size() / 2));
    }
  }
}
