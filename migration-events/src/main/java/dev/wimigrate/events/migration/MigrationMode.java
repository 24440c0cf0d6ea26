package dev.wimigrate.events.migration;

/** DRY_RUN plans and runs every cluster step as a server-side dry run; EXECUTE changes things. */
public enum MigrationMode {
  DRY_RUN,
  EXECUTE
}
