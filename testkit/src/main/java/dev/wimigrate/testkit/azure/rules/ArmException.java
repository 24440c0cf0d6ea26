package dev.wimigrate.testkit.azure.rules;

/** A refusal in ARM's terms: HTTP status and the {@code error.code} / {@code error.message}. */
public final class ArmException extends RuntimeException {

  private final int status;
  private final String code;

  public ArmException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public static ArmException badRequest(String message) {
    return new ArmException(400, "BadRequest", message);
  }
}
