package dev.wimigrate.webhook.mutation;

/** The pod (or one of its annotations) cannot be mutated; the message is the denial reason. */
public class InvalidPodException extends RuntimeException {

  public InvalidPodException(String message) {
    super(message, null, false, false);
  }
}
