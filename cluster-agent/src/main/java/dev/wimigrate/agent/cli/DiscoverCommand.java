package dev.wimigrate.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.wimigrate.agent.discovery.ClusterReader;
import dev.wimigrate.agent.discovery.ClusterSnapshot;
import dev.wimigrate.events.inventory.InventoryEvent;
import dev.wimigrate.events.inventory.WorkloadObserved;
import dev.wimigrate.events.planning.MigrationPaths;
import dev.wimigrate.events.planning.PlannedPath;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One-shot discovery: reads the cluster, prints every workload that uses pod identity with its
 * identity, OS, SDK hint and the path the migration would take, as a table or as JSON.
 */
public class DiscoverCommand implements QuarkusApplication {

  static final String USAGE =
      "usage: cluster-agent discover [-o table|json] [--force-namespaced]\n"
          + "  Prints the pod identity use of the current kubeconfig context and the planned\n"
          + "  migration path per workload. Needs read access to the cluster, not Kafka.";

  @Inject ClusterReader reader;

  @ConfigProperty(name = "wimigrate.agent.cluster-id")
  String clusterId;

  PrintStream out = System.out;
  PrintStream err = System.err;

  /** A workload's report row: what was found and the planned path. */
  public record Row(WorkloadObserved workload, PlannedPath plan) {}

  @Override
  public int run(String... args) throws Exception {
    String format = "table";
    boolean forceNamespaced = false;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "-o", "--output" -> {
          if (i + 1 >= args.length) {
            return usage("-o needs a value: table or json");
          }
          format = args[++i];
        }
        case "--force-namespaced" -> forceNamespaced = true;
        case "-h", "--help" -> {
          out.println(USAGE);
          return 0;
        }
        default -> {
          return usage("unknown option '" + args[i] + "'");
        }
      }
    }
    if (!format.equals("table") && !format.equals("json")) {
      return usage("unknown output format '" + format + "': use table or json");
    }
    err.println("reading workloads, service accounts and pod identity objects ...");
    ClusterSnapshot.Observed observed =
        new ClusterSnapshot.Observed(
            reader.workloadObjects(),
            reader.serviceAccounts(),
            reader.namespaceLabels(),
            reader.azureIdentities(),
            reader.azureIdentityBindings(),
            reader.triggerAuthentications(),
            reader.clusterTriggerAuthentications());
    List<InventoryEvent> events =
        ClusterSnapshot.events(clusterId, "discover", observed, forceNamespaced, Instant.now());
    List<Row> rows =
        events.stream()
            .filter(WorkloadObserved.class::isInstance)
            .map(WorkloadObserved.class::cast)
            .filter(w -> w.podIdentitySelector() != null)
            .map(w -> new Row(w, MigrationPaths.choose(w)))
            .toList();
    err.printf("%d workloads use pod identity%n", rows.size());
    if (format.equals("json")) {
      ObjectMapper json =
          new ObjectMapper()
              .registerModule(new JavaTimeModule())
              .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
              .enable(SerializationFeature.INDENT_OUTPUT);
      out.println(json.writeValueAsString(rows));
    } else {
      out.print(DiscoverTable.render(rows));
    }
    return 0;
  }

  private int usage(String problem) {
    err.println("error: " + problem);
    err.println(USAGE);
    return 64;
  }
}
