package dev.wimigrate.inventory.ticketing;

/**
 * A ticket's request contradicts the migration that ticket already started (e.g. another selector
 * or mode); the message says how, and the webhook answers 409 with it.
 */
public final class MigrationRequestConflictException extends RuntimeException {
  public MigrationRequestConflictException(String message) {
    super(message);
  }
}
