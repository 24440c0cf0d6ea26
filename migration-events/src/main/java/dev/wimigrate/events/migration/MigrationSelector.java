package dev.wimigrate.events.migration;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.Defaulted;
import dev.wimigrate.events.common.Nullable;
import dev.wimigrate.events.common.SchemaHint;
import dev.wimigrate.events.common.WorkloadRef;
import java.util.List;
import java.util.Map;

/**
 * Which workloads a migration covers: every given criterion must hold; an absent or empty one
 * matches everything.
 */
public record MigrationSelector(
    @Nullable @SchemaHint(pattern = Checks.CLUSTER_ID) String clusterId,
    @Nullable @SchemaHint(pattern = Checks.DNS_LABEL) String namespace,
    @Defaulted List<String> workloadNames,
    @Defaulted Map<String, String> labels) {

  public MigrationSelector {
    if (clusterId != null) {
      Checks.clusterId("clusterId", clusterId);
    }
    if (namespace != null) {
      Checks.dnsLabel("namespace", namespace);
    }
    workloadNames =
        workloadNames == null
            ? List.of()
            : Checks.list("workloadNames", workloadNames, Checks::dnsSubdomain);
    labels = labels == null ? Map.of() : Checks.map("labels", labels);
  }

  public boolean matches(WorkloadRef workload, Map<String, String> workloadLabels) {
    return (clusterId == null || clusterId.equals(workload.clusterId()))
        && (namespace == null || namespace.equals(workload.namespace()))
        && (workloadNames.isEmpty() || workloadNames.contains(workload.name()))
        && workloadLabels.entrySet().containsAll(labels.entrySet());
  }
}
