package dev.wimigrate.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Starts one migration per cluster through the REST API (one ticket each: the selector's clusterId
 * is required), follows them to a final status, printing a line per cluster whenever its status or
 * phase counts change, and resumes a migration its canary halted.
 */
public final class MigrationDriver {

  /** Statuses after which nothing more happens without an operator. */
  public static final Set<String> FINAL =
      Set.of("COMPLETED", "COMPLETED_WITH_FAILURES", "ROLLED_BACK", "PREVIEWED", "FAILED");

  private final MigrationApi api;
  private final Consumer<String> log;

  public MigrationDriver(MigrationApi api, Consumer<String> log) {
    this.api = api;
    this.log = log;
  }

  /** The final view of each cluster's migration, by cluster id. */
  public record Outcome(Map<String, String> migrationIds, Map<String, JsonNode> views) {}

  public Outcome run(List<String> clusterIds, boolean dryRun, Duration timeout) {
    Map<String, String> ids = new LinkedHashMap<>();
    int n = 1;
    for (String cluster : clusterIds) {
      String ticket = "DEMO-" + n++;
      String id = api.start(cluster, dryRun, ticket);
      ids.put(cluster, id);
      log.accept(
          "  POST /api/v1/migrations {selector:{clusterId:"
              + cluster
              + "}, mode:"
              + (dryRun ? "dry-run" : "execute")
              + ", ticket:demo/"
              + ticket
              + "} → "
              + id);
    }
    Map<String, JsonNode> views = new LinkedHashMap<>();
    Map<String, String> lastLine = new LinkedHashMap<>();
    Map<String, Integer> resumes = new LinkedHashMap<>();
    Map<String, Long> lastChange = new LinkedHashMap<>();
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (true) {
      boolean allFinal = true;
      for (var e : ids.entrySet()) {
        JsonNode view = api.get(e.getValue());
        views.put(e.getKey(), view);
        String status = view.path("status").asText();
        String line = progressLine(e.getKey(), view);
        if (!line.equals(lastLine.get(e.getKey()))) {
          lastLine.put(e.getKey(), line);
          lastChange.put(e.getKey(), System.nanoTime());
          log.accept(String.format("  [%5.0fs] %s", DemoEnvironment.seconds(start), line));
        }
        long quiet = System.nanoTime() - lastChange.getOrDefault(e.getKey(), System.nanoTime());
        if (!FINAL.contains(status) && quiet > Duration.ofSeconds(45).toNanos()) {
          lastChange.put(e.getKey(), System.nanoTime());
          log.accept("  " + e.getKey() + ": no progress for 45 s; waiting on:");
          waitingOn(view).forEach(w -> log.accept("    " + w));
        }
        if (status.equals("HALTED") || status.equals("PAUSED")) {
          int count = resumes.merge(e.getKey(), 1, Integer::sum);
          if (count <= 3) {
            log.accept(
                "  "
                    + e.getKey()
                    + " "
                    + status
                    + " ("
                    + view.path("statusReason").asText("")
                    + "): POST /api/v1/migrations/"
                    + e.getValue()
                    + "/resume — the failed workload stays rolled back, the rest goes on");
            api.resume(e.getValue());
          }
        }
        if (!FINAL.contains(status)) {
          allFinal = false;
        }
      }
      if (allFinal) {
        return new Outcome(ids, views);
      }
      if (System.nanoTime() > deadline) {
        log.accept("  timed out after " + timeout + " waiting for the migrations to end");
        return new Outcome(ids, views);
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return new Outcome(ids, views);
      }
    }
  }

  static final Set<String> SETTLED =
      Set.of("DONE", "BLOCKED", "ROLLED_BACK", "FAILED", "PREVIEWED");

  /** The workloads still moving, with their last step. */
  static List<String> waitingOn(JsonNode view) {
    List<String> out = new java.util.ArrayList<>();
    for (JsonNode w : view.path("workloads")) {
      if (SETTLED.contains(w.path("phase").asText()) || out.size() >= 6) {
        continue;
      }
      JsonNode steps = w.path("steps");
      JsonNode last = steps.size() == 0 ? null : steps.get(steps.size() - 1);
      out.add(
          w.path("key").asText()
              + " "
              + w.path("phase").asText()
              + (last == null
                  ? ""
                  : ": "
                      + last.path("step").asText()
                      + " "
                      + last.path("status").asText()
                      + (last.hasNonNull("error")
                          ? " (" + last.path("error").asText() + ")"
                          : "")));
    }
    return out;
  }

  static String progressLine(String cluster, JsonNode view) {
    StringBuilder b = new StringBuilder();
    b.append(String.format("%-8s %-24s", cluster, view.path("status").asText()));
    JsonNode phases = view.path("workloadsByPhase");
    phases
        .fieldNames()
        .forEachRemaining(p -> b.append(' ').append(p).append('=').append(phases.get(p).asInt()));
    return b.toString();
  }
}
