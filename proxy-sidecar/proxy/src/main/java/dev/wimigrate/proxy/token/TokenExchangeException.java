package dev.wimigrate.proxy.token;

import java.util.List;

/**
 * A failed exchange, carrying what the IMDS client should see: Entra's status, {@code error},
 * {@code error_description} and {@code error_codes}, or a local error. Messages never contain the
 * assertion.
 */
public class TokenExchangeException extends RuntimeException {

  private final int status;
  private final String error;
  private final String description;
  private final List<Long> errorCodes;

  public TokenExchangeException(
      int status, String error, String description, List<Long> errorCodes) {
    super(status + " " + error + ": " + description, null, false, false);
    this.status = status;
    this.error = error;
    this.description = description;
    this.errorCodes = List.copyOf(errorCodes);
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  public String description() {
    return description;
  }

  public List<Long> errorCodes() {
    return errorCodes;
  }
}
