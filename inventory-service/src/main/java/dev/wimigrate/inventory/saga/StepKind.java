package dev.wimigrate.inventory.saga;

/** What a saga step does (its command and timeout follow from it). */
public enum StepKind {
  ENABLE_CLUSTER("enable-cluster"),
  ENSURE_IDENTITY("ensure-identity"),
  COPY_ROLES("copy-roles"),
  CREATE_CREDENTIAL("create-credential"),
  ENSURE_SERVICE_ACCOUNT("service-account"),
  PATCH_WORKLOAD("patch"),
  ROLLOUT("rollout"),
  VERIFY("verify"),
  CLEANUP("cleanup"),
  REMOVE_POD_IDENTITY("remove-pod-identity"),
  ROLLBACK("rollback"),
  DELETE_CREDENTIAL("delete-credential");

  private final String slug;

  StepKind(String slug) {
    this.slug = slug;
  }

  /** The short name in step ids and metric labels. */
  public String slug() {
    return slug;
  }

  /** A step that changes something in the workload's cluster and so needs a Rollback to undo. */
  public boolean changesWorkload() {
    return switch (this) {
      case ENSURE_SERVICE_ACCOUNT, PATCH_WORKLOAD, ROLLOUT, VERIFY, CLEANUP -> true;
      default -> false;
    };
  }
}
