package dev.wimigrate.inventory.planning;

/** Who presents the service account token a federated credential trusts. */
public enum CredentialUse {
  /** KEDA's operator, for TriggerAuthentications that use the identity. */
  KEDA_OPERATOR,
  /** Migrated workloads. */
  WORKLOAD
}
