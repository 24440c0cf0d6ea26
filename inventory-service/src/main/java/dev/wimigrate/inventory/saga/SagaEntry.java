package dev.wimigrate.inventory.saga;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What the orchestrator persists, one record per key on the compacted {@code wimigrate.saga} topic:
 * a migration's header, each shared step, each workload. Small records, so a result rewrites only
 * what it changed, also in a migration of thousands of workloads.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "entry")
@JsonSubTypes({
  @JsonSubTypes.Type(MigrationHeader.class),
  @JsonSubTypes.Type(SharedStep.class),
  @JsonSubTypes.Type(WorkloadSaga.class)
})
public sealed interface SagaEntry permits MigrationHeader, SharedStep, WorkloadSaga {

  String migrationId();

  @JsonIgnore
  String entryKey();
}
