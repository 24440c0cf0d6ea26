package dev.wimigrate.events.common;

/**
 * One workload in the fleet. Its {@link #key()} is the Kafka key of everything about the workload,
 * so all its events land on one partition in order.
 */
public record WorkloadRef(
    @SchemaHint(pattern = Checks.CLUSTER_ID) String clusterId,
    @SchemaHint(pattern = Checks.DNS_LABEL) String namespace,
    WorkloadKind kind,
    @SchemaHint(pattern = Checks.DNS_SUBDOMAIN) String name) {

  public WorkloadRef {
    Checks.clusterId("clusterId", clusterId);
    Checks.dnsLabel("namespace", namespace);
    Checks.notNull("kind", kind);
    Checks.dnsSubdomain("name", name);
  }

  /** {@code clusterId/namespace/Kind/name}, e.g. {@code prod-weu-1/shop/Deployment/cart}. */
  public String key() {
    return clusterId + "/" + namespace + "/" + kind.kubernetesName() + "/" + name;
  }

  /** Inverse of {@link #key()}. */
  public static WorkloadRef parse(String key) {
    String[] parts = Checks.notNull("key", key).split("/", -1);
    if (parts.length != 4) {
      throw new InvalidFieldException(
          "key", "must be clusterId/namespace/kind/name, got " + Checks.quote(key));
    }
    WorkloadKind kind =
        WorkloadKind.fromKubernetesName(parts[2])
            .orElseThrow(
                () ->
                    new InvalidFieldException(
                        "key",
                        "has an unknown workload kind " + Checks.quote(parts[2]) + " in " + key));
    return new WorkloadRef(parts[0], parts[1], kind, parts[3]);
  }
}
