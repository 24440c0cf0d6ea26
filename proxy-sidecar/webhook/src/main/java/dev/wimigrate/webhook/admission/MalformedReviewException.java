package dev.wimigrate.webhook.admission;

/** The request body is not an AdmissionReview the webhook can answer; the message says why. */
public class MalformedReviewException extends Exception {

  public MalformedReviewException(String message) {
    super(message, null, false, false);
  }
}
