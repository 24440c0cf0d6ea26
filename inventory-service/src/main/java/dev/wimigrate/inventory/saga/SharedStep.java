package dev.wimigrate.inventory.saga;

/** A step several workloads wait for: a cluster, an identity, a federated credential. */
public record SharedStep(String migrationId, Step step) implements SagaEntry {

  @Override
  public String entryKey() {
    return migrationId + "|step|" + step.id();
  }
}
