package dev.wimigrate.inventory.fleet;

/**
 * A validated workload query: every given criterion must hold, an absent ({@code null}) one matches
 * everything. {@code after} is the key of the last workload of the previous page.
 */
public record WorkloadQuery(
    String cluster, String namespace, String path, String identity, int limit, String after) {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  public static WorkloadQuery all(int limit) {
    return new WorkloadQuery(null, null, null, null, limit, null);
  }

  boolean matches(WorkloadEntry entry) {
    return (cluster == null || cluster.equals(entry.observed().clusterId()))
        && (namespace == null || namespace.equals(entry.observed().workload().namespace()))
        && (path == null || path.equals(entry.pathName()))
        && (identity == null || entry.usesIdentity(identity));
  }
}
