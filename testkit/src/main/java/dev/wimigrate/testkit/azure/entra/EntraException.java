package dev.wimigrate.testkit.azure.entra;

/**
 * A refusal in Entra's terms: HTTP status, OAuth {@code error}, the AADSTS number and the start of
 * {@code error_description} (without the trace/correlation/timestamp lines the endpoint adds).
 */
public final class EntraException extends RuntimeException {

  private final int status;
  private final String error;
  private final long code;

  public EntraException(int status, String error, long code, String description) {
    super(description, null, false, false);
    this.status = status;
    this.error = error;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  public long code() {
    return code;
  }

  public String description() {
    return getMessage();
  }

  static EntraException missingParameter(String name) {
    return new EntraException(
        400,
        "invalid_request",
        900144,
        "The request body must contain the following parameter: '" + name + "'.");
  }
}
