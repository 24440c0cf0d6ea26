package dev.wimigrate.azurekit;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Runs Azure SDK calls so that whatever they throw becomes an {@link AzureCallException}. */
public final class AzureCalls {

  private AzureCalls() {}

  /**
   * The call's result; an HTTP failure becomes an {@link AzureCallException} with ARM's status,
   * error code, message and {@code Retry-After}; no answer at all (timeout, refused or dropped
   * connection) becomes one with status 0. Anything else (a bug, not Azure) is thrown as it is.
   */
  public static <T> T call(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (HttpResponseException e) {
      throw fromSdk(operation, e);
    } catch (AzureCallException e) {
      throw e;
    } catch (RuntimeException e) {
      // the SDK wraps HTTP and I/O failures (reactor exceptions, pollers): look inside
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof HttpResponseException http) {
          throw fromSdk(operation, http);
        }
        if (cause instanceof IOException || cause instanceof TimeoutException) {
          // timeouts, refused or dropped connections: Azure gave no answer
          throw AzureCallException.noAnswer(operation, e);
        }
      }
      throw e; // a bug, not Azure: retrying would not help
    }
  }

  /** Azure's answer as an {@link AzureCallException}: status, ARM code, message, Retry-After. */
  public static AzureCallException fromSdk(String operation, HttpResponseException e) {
    HttpResponse response = e.getResponse();
    int status = response == null ? 0 : response.getStatusCode();
    String code = null;
    String message = e.getMessage();
    if (e instanceof ManagementException management && management.getValue() != null) {
      code = management.getValue().getCode();
      message = management.getValue().getMessage();
    }
    Duration retryAfter =
        response == null ? null : retryAfter(response.getHeaderValue("Retry-After"));
    AzureCallException failure =
        new AzureCallException(status, code, operation + ": " + message, retryAfter);
    failure.initCause(e);
    return failure;
  }

  /** {@code Retry-After} in seconds, as ARM sends it; null when absent or an HTTP date. */
  public static Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Long.parseLong(header.trim()));
    } catch (NumberFormatException httpDate) {
      return null;
    }
  }
}
