package dev.wimigrate.testkit.azure.rules;

/** A refusal in ARM's terms: HTTP status and the {@code error.code} / {@code error.message}. */
public final class ArmException extends RuntimeException {

  private final int status;
  private final String code;
  private long retryAfterSeconds = -1;
  private String failureCause;

  public ArmException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  /** Adds a {@code Retry-After} (seconds) and an {@code x-ms-failure-cause} to the answer. */
  public ArmException withRetryAfter(long seconds, String cause) {
    this.retryAfterSeconds = seconds;
    this.failureCause = cause;
    return this;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** Seconds for {@code Retry-After}, or -1 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** {@code gateway} (ARM itself) or {@code service} (the resource provider), or null. */
  public String failureCause() {
    return failureCause;
  }

  public static ArmException badRequest(String message) {
    return new ArmException(400, "BadRequest", message);
  }
}
