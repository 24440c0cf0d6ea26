package dev.wimigrate.events;

import dev.wimigrate.events.common.Secrets;

/**
 * A message that cannot become an event: broken JSON, a wrong or missing field, a value that fails
 * validation, an unknown type or bad CloudEvents headers. The message says what and where and is
 * safe to put in a dead-letter header (tokens are redacted).
 */
public final class MalformedEventException extends RuntimeException {
  private final String eventType;
  private final String fieldPath;

  public MalformedEventException(
      String eventType, String fieldPath, String message, Throwable cause) {
    super(Secrets.redactJwts(message), cause);
    this.eventType = eventType;
    this.fieldPath = fieldPath;
  }

  /** The CloudEvents type (or class name) being decoded; null if not known. */
  public String eventType() {
    return eventType;
  }

  /** Path of the offending field, e.g. {@code workload.namespace}; null if not about a field. */
  public String fieldPath() {
    return fieldPath;
  }
}
