package dev.wimigrate.inventory.saga;

/** What a saga step does; its command, which service answers, and how long it may take. */
public enum StepKind {
  ENABLE_CLUSTER("enable-cluster", true),
  ENSURE_IDENTITY("ensure-identity", true),
  COPY_ROLES("copy-roles", true),
  CREATE_CREDENTIAL("create-credential", true),
  ENSURE_SERVICE_ACCOUNT("service-account", false),
  PATCH_WORKLOAD("patch", false),
  ROLLOUT("rollout", false),
  VERIFY("verify", false),
  CLEANUP("cleanup", false),
  REMOVE_POD_IDENTITY("remove-pod-identity", true),
  ROLLBACK("rollback", false),
  DELETE_CREDENTIAL("delete-credential", true);

  private final String slug;
  private final boolean azure;

  StepKind(String slug, boolean azure) {
    this.slug = slug;
    this.azure = azure;
  }

  /** The short name in step ids and metric labels. */
  public String slug() {
    return slug;
  }

  /** Answered by identity-service or federation-service (else by the cluster-agent). */
  public boolean azure() {
    return azure;
  }

  /** A step that changes something in the workload's cluster and so needs a Rollback to undo. */
  public boolean changesWorkload() {
    return switch (this) {
      case ENSURE_SERVICE_ACCOUNT, PATCH_WORKLOAD, ROLLOUT, VERIFY, CLEANUP -> true;
      default -> false;
    };
  }
}
