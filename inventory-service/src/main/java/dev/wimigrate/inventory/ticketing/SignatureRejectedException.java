package dev.wimigrate.inventory.ticketing;

/** A webhook request whose signature is missing, malformed, wrong or too old; says which. */
public final class SignatureRejectedException extends Exception {
  public SignatureRejectedException(String message) {
    super(message);
  }
}
