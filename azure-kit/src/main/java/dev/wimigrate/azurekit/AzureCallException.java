package dev.wimigrate.azurekit;

import java.time.Duration;
import java.util.Optional;

/**
 * An ARM call that failed: the HTTP status (0 when no answer came), ARM's error code and message,
 * and the {@code Retry-After} Azure asked for, if any.
 */
public class AzureCallException extends RuntimeException {

  /** ARM's code for a write that raced another write to the same identity's credentials. */
  public static final String CONCURRENT_FIC_WRITES =
      "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity";

  /**
   * ARM's code for a role assignment whose principal Entra has not replicated yet (a just-created
   * identity): Azure's advice is to retry with backoff.
   */
  public static final String PRINCIPAL_NOT_FOUND = "PrincipalNotFound";

  private final int status;
  private final String code;
  private final Duration retryAfter;

  public AzureCallException(int status, String code, String message, Duration retryAfter) {
    super(message);
    this.status = status;
    this.code = code == null || code.isBlank() ? "HttpStatus" + status : code;
    this.retryAfter = retryAfter;
  }

  public static AzureCallException noAnswer(String operation, Throwable cause) {
    AzureCallException e =
        new AzureCallException(
            0, "NoResponse", operation + ": no answer from Azure (" + cause + ")", null);
    e.initCause(cause);
    return e;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * Throttling, a raced write, a principal not replicated yet, a server error or no answer: worth
   * another try later.
   */
  public boolean isTransient() {
    return status == 0
        || status == 429
        || status >= 500
        || (status == 409 && CONCURRENT_FIC_WRITES.equals(code))
        || (status == 400 && PRINCIPAL_NOT_FOUND.equals(code));
  }

  /** ARM answered 404: the resource (or its group or subscription) does not exist. */
  public boolean isNotFound() {
    return status == 404;
  }
}
