package dev.wimigrate.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wimigrate.testkit.azure.arm.FederatedCredential;
import dev.wimigrate.testkit.azure.arm.ManagedIdentity;
import dev.wimigrate.testkit.services.ServiceProcess;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./wimigrate demo}: the main job on the embedded default. Starts {@link DemoEnvironment}
 * (broker, Azure emulator, a simulated fleet on real control planes, the packaged services), starts
 * a migration per cluster through the REST API as a ticketing system would, shows progress per
 * cluster and phase, and ends with a summary. Exit code 0 when the migration ended as the simulated
 * fleet says it should, 1 when not, 64 on bad options.
 */
public final class DemoMain {

  static final String HELP =
      """
      usage: ./wimigrate demo [options]

      Runs the wimigrate fleet migration on an embedded default: a local Kafka broker, the Azure
      emulator (ARM + Entra), N real Kubernetes control planes with KWOK Linux and Windows nodes
      populated with aad-pod-identity, KEDA and workloads, and the packaged services (inventory,
      identity, federation, one cluster-agent and one webhook per cluster). Then it starts one
      migration per cluster through POST /api/v1/migrations and follows it to the end.

      options:
        --clusters N                 simulated clusters (default 3, at least 1)
        --workloads N                regular workloads per cluster (default 8, at least 6)
        --fanout N                   extra Deployments of one shared identity on the first
                                     cluster, each with its own service account (default 21: with
                                     KEDA's operator more than 20 federated credentials, so an
                                     overflow identity is planned; 0 = none)
        --dry-run                    preview only (mode dry-run): nothing changes
        --fail-verification C/NS/N   the new pods of workload NS/N in cluster C (e.g.
                                     demo-1/shop/worker) do not get the Workload ID environment, so
                                     its verification fails and the saga rolls it back (repeatable)
        --inject-faults              both: --fail-verification demo-1/shop/worker and ARM faults
                                     (5 % of ARM calls answer 500/503, seeded) in the emulator
        --keep-running               leave everything up afterwards and print the URLs (Ctrl-C stops)
        --timeout MINUTES            give up waiting for the migrations after this (default 20)
        -h, --help                   this text

      First run: the Kubernetes test bed is built once from Go modules (6-9 minutes, cached under
      ~/.cache/wimigrate/testbed); later runs are ready to migrate in about 1.5 minutes.
      """;

  /** Parsed options. */
  public record Options(
      int clusters,
      int workloads,
      int fanout,
      boolean dryRun,
      Set<String> failVerification,
      boolean armFaults,
      boolean keepRunning,
      int timeoutMinutes) {

    public static Options parse(String... args) {
      int clusters = 3;
      int workloads = 8;
      int fanout = 21;
      boolean dryRun = false;
      Set<String> fail = new LinkedHashSet<>();
      boolean faults = false;
      boolean keep = false;
      int timeout = 20;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        String value = null;
        if (a.startsWith("--") && a.contains("=")) {
          value = a.substring(a.indexOf('=') + 1);
          a = a.substring(0, a.indexOf('='));
        }
        switch (a) {
          case "--clusters" -> clusters = number(a, value != null ? value : arg(args, ++i, a), 1);
          case "--workloads" -> workloads = number(a, value != null ? value : arg(args, ++i, a), 6);
          case "--fanout" -> fanout = number(a, value != null ? value : arg(args, ++i, a), 0);
          case "--timeout" -> timeout = number(a, value != null ? value : arg(args, ++i, a), 1);
          case "--dry-run" -> dryRun = true;
          case "--keep-running" -> keep = true;
          case "--inject-faults" -> {
            faults = true;
            fail.add("demo-1/shop/worker");
          }
          case "--fail-verification" -> {
            String w = value != null ? value : arg(args, ++i, a);
            if (w.split("/").length != 3) {
              throw new IllegalArgumentException(
                  "--fail-verification: expected cluster/namespace/name, got '" + w + "'");
            }
            fail.add(w);
          }
          default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
        }
      }
      return new Options(clusters, workloads, fanout, dryRun, fail, faults, keep, timeout);
    }

    private static String arg(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + ": a value is missing");
      }
      return args[i];
    }

    private static int number(String option, String value, int min) {
      try {
        int n = Integer.parseInt(value);
        if (n < min) {
          throw new IllegalArgumentException(option + ": at least " + min + ", got " + n);
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + ": not a number: '" + value + "'");
      }
    }

    public DemoEnvironment.Settings settings() {
      return new DemoEnvironment.Settings(
          clusters, workloads, fanout, failVerification, armFaults, Duration.ofSeconds(2));
    }
  }

  public static void main(String[] args) {
    for (String a : args) {
      if (a.equals("-h") || a.equals("--help")) {
        System.out.print(HELP);
        return;
      }
    }
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("wimigrate demo: " + e.getMessage() + " (see --help)");
      System.exit(64);
      return;
    }
    System.exit(run(options, System.out));
  }

  static int run(Options options, PrintStream out) {
    long t0 = System.nanoTime();
    out.println(
        "wimigrate demo: "
            + options.clusters()
            + " clusters, "
            + options.workloads()
            + " workloads each"
            + (options.fanout() > 0 ? " + " + options.fanout() + " fan-out on demo-1" : "")
            + (options.dryRun() ? ", dry run" : "")
            + (options.failVerification().isEmpty()
                ? ""
                : ", verification fails for " + options.failVerification())
            + (options.armFaults() ? ", ARM faults 5 %" : ""));
    DemoEnvironment env;
    try {
      env = DemoEnvironment.start(options.settings(), out::println);
    } catch (RuntimeException e) {
      out.println("wimigrate demo: the environment did not start: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(env::close, "demo-stop"));
    out.println(
        "  inventory API: "
            + env.inventory().baseUrl()
            + "/api/v1  (header X-Api-Key: "
            + env.apiKey()
            + ")");
    int exit;
    try {
      out.println("• migrating (one ticket per cluster) …");
      long t = System.nanoTime();
      MigrationDriver.Outcome outcome =
          new MigrationDriver(env.migrationApi(), out::println)
              .run(
                  env.fleet().clusters().stream()
                      .map(FleetSimulation.SimCluster::clusterId)
                      .toList(),
                  options.dryRun(),
                  Duration.ofMinutes(options.timeoutMinutes()));
      out.printf("  migrations ended in %.1f s%n", DemoEnvironment.seconds(t));
      List<String> unexpected = summary(env, outcome, options.dryRun(), out);
      out.printf("wimigrate demo: %.1f s in all%n", DemoEnvironment.seconds(t0));
      if (unexpected.isEmpty()) {
        out.println("RESULT: the migration ended as expected");
        exit = 0;
      } else {
        out.println("RESULT: NOT as expected:");
        unexpected.forEach(u -> out.println("  - " + u));
        exit = 1;
      }
      if (options.keepRunning()) {
        out.println("--keep-running: everything stays up; Ctrl-C stops it");
        new CountDownLatch(1).await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exit = 0;
    } catch (RuntimeException e) {
      out.println("wimigrate demo failed: " + e);
      exit = 1;
    } finally {
      env.close();
    }
    return exit;
  }

  /** Prints the summary; returns what did not end as the simulated fleet expects. */
  static List<String> summary(
      DemoEnvironment env, MigrationDriver.Outcome outcome, boolean dryRun, PrintStream out) {
    List<String> unexpected = new ArrayList<>();
    out.println();
    out.println("══════════════════════════════ summary ══════════════════════════════");
    for (var e : outcome.views().entrySet()) {
      JsonNode v = e.getValue();
      out.printf(
          "%-8s %s %-24s %s%n",
          e.getKey(),
          outcome.migrationIds().get(e.getKey()),
          v.path("status").asText(),
          v.path("statusReason").asText(""));
      String status = v.path("status").asText();
      if (dryRun ? !status.equals("PREVIEWED") : !MigrationDriver.FINAL.contains(status)) {
        unexpected.add(e.getKey() + ": migration status " + status);
      }
    }
    List<String> migrated = new ArrayList<>();
    List<String> blocked = new ArrayList<>();
    List<String> rolledBack = new ArrayList<>();
    List<String> previewed = new ArrayList<>();
    List<String> other = new ArrayList<>();
    for (FleetSimulation.SimWorkload w : env.fleet().workloads()) {
      JsonNode saga = workload(outcome.views().get(w.clusterId()), w.key());
      String phase = saga == null ? "(not in the migration)" : saga.path("phase").asText();
      String reason =
          saga == null
              ? ""
              : saga.hasNonNull("failure")
                  ? saga.path("failure").asText()
                  : saga.path("reason").asText("");
      String path = saga == null ? w.expectedPath() : saga.path("path").asText(w.expectedPath());
      String line = w.key() + " [" + path + "]";
      String expected =
          dryRun
              ? (w.migrates() ? "PREVIEWED" : "BLOCKED")
              : !w.migrates() ? "BLOCKED" : w.failVerification() ? "ROLLED_BACK" : "DONE";
      switch (phase) {
        case "DONE" -> migrated.add(line);
        case "BLOCKED" -> blocked.add(line + ": " + reason);
        case "ROLLED_BACK" -> rolledBack.add(line + ": " + reason);
        case "PREVIEWED" -> previewed.add(line);
        default -> other.add(line + " " + phase + (reason.isEmpty() ? "" : ": " + reason));
      }
      if (!phase.equals(expected)) {
        unexpected.add(w.key() + " ended " + phase + ", expected " + expected);
      }
    }
    out.println();
    if (dryRun) {
      out.println("previewed (would migrate): " + previewed.size());
      previewed.forEach(l -> out.println("  ○ " + l));
    }
    out.println("migrated (DONE): " + migrated.size());
    migrated.forEach(l -> out.println("  ✓ " + l));
    out.println("blocked (rewrite required): " + blocked.size());
    blocked.forEach(l -> out.println("  ■ " + l));
    out.println("rolled back: " + rolledBack.size());
    rolledBack.forEach(l -> out.println("  ↺ " + l));
    if (!other.isEmpty()) {
      out.println("other: " + other.size());
      other.forEach(l -> out.println("  · " + l));
    }
    out.println();
    out.println("federated credentials per identity (Azure emulator state):");
    for (ManagedIdentity id : env.azure().identities()) {
      List<FederatedCredential> fics = env.azure().federatedCredentials(id);
      boolean overflow = id.name().matches(".+-wi-\\d+");
      out.printf(
          "  %-22s %2d / 20%s%n", id.name(), fics.size(), overflow ? "   ← overflow identity" : "");
    }
    long armCalls = env.azure().callCounts().values().stream().mapToLong(Long::longValue).sum();
    out.printf(
        "  ARM and Entra calls: %d, throttled (429): %d, faults injected: %d, concurrent FIC"
            + " writes refused (409): %d%n",
        armCalls,
        env.azure().throttledCalls(),
        env.azure().faultsInjected(),
        env.azure().rejectedConcurrentWrites());
    out.println();
    out.println("pod identity add-on (managed clusters in the emulator):");
    for (FleetSimulation.SimCluster c : env.fleet().clusters()) {
      JsonNode mc =
          env.azure().managedCluster(FleetSimulation.RESOURCE_GROUP, c.clusterId()).orElseThrow();
      JsonNode pip = mc.path("properties").path("podIdentityProfile");
      JsonNode oidc = mc.path("properties").path("oidcIssuerProfile");
      out.printf(
          "  %-8s add-on %-8s entries %d   OIDC issuer %s%s%n",
          c.clusterId(),
          pip.path("enabled").asBoolean() ? "enabled" : "disabled",
          pip.path("userAssignedIdentities").size(),
          oidc.path("enabled").asBoolean() ? "on" : "off",
          c.oidcIssuerAtStart() ? "" : " (was off: enabled by the saga)");
    }
    out.println();
    out.println("where to look:");
    String inv = env.inventory().baseUrl();
    outcome
        .migrationIds()
        .forEach(
            (c, id) ->
                out.println(
                    "  "
                        + inv
                        + "/api/v1/migrations/"
                        + id
                        + "   (header X-Api-Key: "
                        + env.apiKey()
                        + ")"));
    out.println("  " + inv + "/api/v1/fleet/summary");
    out.println(
        "  metrics: "
            + inv
            + "/q/metrics (saga), "
            + env.identityService().baseUrl()
            + "/q/metrics, "
            + env.federationService().baseUrl()
            + "/q/metrics");
    for (Map.Entry<String, ServiceProcess> a : env.agents().entrySet()) {
      out.println("  agent " + a.getKey() + ": " + a.getValue().baseUrl() + "/q/metrics");
    }
    out.println("  Azure emulator state: " + env.azure().adminUrl() + "/state (calls: /calls)");
    Path grafana = ServiceProcess.repositoryRoot().resolve("deploy/grafana");
    out.println(
        "  dashboard: deploy/grafana/"
            + (Files.isDirectory(grafana) ? "" : " (not in this checkout yet)"));
    return unexpected;
  }

  static JsonNode workload(JsonNode view, String key) {
    if (view == null) {
      return null;
    }
    for (JsonNode w : view.path("workloads")) {
      if (key.equals(w.path("key").asText())) {
        return w;
      }
    }
    return null;
  }
}
