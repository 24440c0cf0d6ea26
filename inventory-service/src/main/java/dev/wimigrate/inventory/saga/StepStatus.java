package dev.wimigrate.inventory.saga;

/** Where one step is. RETRYING waits for {@code retryAt} before the next attempt is sent. */
public enum StepStatus {
  WAITING,
  RUNNING,
  RETRYING,
  SUCCEEDED,
  SKIPPED,
  FAILED;

  public boolean done() {
    return this == SUCCEEDED || this == SKIPPED;
  }

  public boolean inFlight() {
    return this == RUNNING || this == RETRYING;
  }
}
