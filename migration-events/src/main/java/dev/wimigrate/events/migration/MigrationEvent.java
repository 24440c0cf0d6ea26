package dev.wimigrate.events.migration;

import dev.wimigrate.events.common.Event;

/** Requests from people (REST, ticketing) to the orchestrator, on {@code wimigrate.migrations}. */
public sealed interface MigrationEvent extends Event permits MigrationRequested {
  String migrationId();

  @Override
  default String partitionKey() {
    return migrationId();
  }
}
