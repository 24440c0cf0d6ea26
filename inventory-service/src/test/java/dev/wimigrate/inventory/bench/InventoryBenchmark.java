package dev.wimigrate.inventory.bench;

import dev.wimigrate.events.common.OperatingSystem;
import dev.wimigrate.events.common.SdkGeneration;
import dev.wimigrate.events.inventory.WorkloadIdentityState;
import dev.wimigrate.inventory.fleet.FleetInventory;
import dev.wimigrate.inventory.fleet.WorkloadPage;
import dev.wimigrate.inventory.fleet.WorkloadQuery;
import dev.wimigrate.inventory.fleet.Workloads;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Benchmark harness for the fleet inventory (not a test: surefire does not run it). Fills a {@link
 * FleetInventory} with 100,000 workloads (10 clusters × 50 namespaces × 200; every 7th on Windows,
 * 100 identities), then measures the latency of each query in-process, sequentially, after a
 * warm-up (100 iterations after 50 for the two full passes), and prints the median and p99 as
 * Markdown.
 *
 * <p>Arguments: {@code --iterations=N} (2000), {@code --warmup=N} (2000).
 */
public final class InventoryBenchmark {

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private static volatile Object sink;

  public static void main(String[] args) {
    Map<String, Integer> options = new LinkedHashMap<>();
    options.put("iterations", 2000);
    options.put("warmup", 2000);
    for (String arg : args) {
      String[] kv = arg.replaceFirst("^--", "").split("=", 2);
      if (!options.containsKey(kv[0]) || kv.length != 2) {
        throw new IllegalArgumentException(
            "unknown argument " + arg + "; known: " + options.keySet());
      }
      options.put(kv[0], Integer.parseInt(kv[1]));
    }
    FleetInventory inventory = new FleetInventory();
    long fillStart = System.nanoTime();
    for (int c = 0; c < 10; c++) {
      for (int n = 0; n < 50; n++) {
        for (int w = 0; w < 200; w++) {
          int i = (c * 50 + n) * 200 + w;
          inventory.apply(
              Workloads.workload(
                  "aks-" + c,
                  "ns-" + n,
                  String.format(Locale.ROOT, "app-%03d", w),
                  "id-" + (i % 100),
                  i % 3 == 0 ? SdkGeneration.LATEST : SdkGeneration.LEGACY,
                  i % 7 == 0 ? OperatingSystem.WINDOWS : OperatingSystem.LINUX,
                  new WorkloadIdentityState(i % 5 == 0, null, false, i % 11 == 0),
                  T0,
                  true));
        }
      }
    }
    double fillMs = (System.nanoTime() - fillStart) / 1e6;
    int total = inventory.summary().workloads();
    if (total != 100_000) {
      throw new IllegalStateException("expected 100000 workloads, got " + total);
    }
    String deepToken =
        inventory.query(WorkloadQuery.all(1000)).continueAfter(); // the second page of the fleet

    Map<String, Supplier<Object>> queries = new LinkedHashMap<>();
    queries.put(
        "cluster + namespace, limit 100",
        () -> inventory.query(new WorkloadQuery("aks-4", "ns-25", null, null, 100, null)));
    queries.put(
        "namespace across 10 clusters + path REWRITE_REQUIRED, limit 100",
        () ->
            inventory.query(new WorkloadQuery(null, "ns-25", "REWRITE_REQUIRED", null, 100, null)));
    queries.put(
        "cluster + identity (index), limit 1000",
        () ->
            inventory.query(
                new WorkloadQuery("aks-4", null, null, Workloads.identityId("id-42"), 1000, null)));
    queries.put(
        "whole fleet, limit 1000, second page (continue)",
        () -> inventory.query(new WorkloadQuery(null, null, null, null, 1000, deepToken)));
    queries.put(
        "identity across the fleet (index), limit 1000",
        () ->
            inventory.query(
                new WorkloadQuery(null, null, null, Workloads.clientId("id-7"), 1000, null)));
    queries.put(
        "whole fleet + path NONE matching nothing (worst case: scans all 100k)",
        () -> inventory.query(new WorkloadQuery(null, null, "NONE", null, 100, null)));
    queries.put("fleet summary", inventory::summary);
    queries.put("FleetView for the planner (100k copy)", inventory::fleetView);

    System.out.printf(
        Locale.ROOT,
        "filled 100,000 workloads in %.0f ms; %d iterations after %d warm-up%n%n",
        fillMs,
        options.get("iterations"),
        options.get("warmup"));
    System.out.println("| query over 100k workloads | median | p99 | items |");
    System.out.println("|---|---|---|---|");
    for (Map.Entry<String, Supplier<Object>> q : queries.entrySet()) {
      boolean slow = q.getKey().startsWith("FleetView") || q.getKey().contains("worst case");
      int iterations = slow ? 100 : options.get("iterations");
      int warmup = slow ? 50 : options.get("warmup");
      for (int i = 0; i < warmup; i++) {
        sink = q.getValue().get();
      }
      double[] micros = new double[iterations];
      for (int i = 0; i < iterations; i++) {
        long start = System.nanoTime();
        sink = q.getValue().get();
        micros[i] = (System.nanoTime() - start) / 1e3;
      }
      Arrays.sort(micros);
      Object result = q.getValue().get();
      String items =
          result instanceof WorkloadPage page ? String.valueOf(page.items().size()) : "-";
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %s | %s |%n",
          q.getKey(),
          format(micros[iterations / 2]),
          format(micros[Math.min(iterations - 1, (int) Math.ceil(iterations * 0.99) - 1)]),
          items);
    }
  }

  private static String format(double micros) {
    return micros >= 1000
        ? String.format(Locale.ROOT, "%.1f ms", micros / 1000)
        : String.format(Locale.ROOT, "%.0f µs", micros);
  }
}
