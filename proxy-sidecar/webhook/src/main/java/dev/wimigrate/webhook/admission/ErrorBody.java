package dev.wimigrate.webhook.admission;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of a plain HTTP 400 for requests that are not an AdmissionReview at all. */
@RegisterForReflection
public record ErrorBody(String error, String message) {

  public static ErrorBody badRequest(String message) {
    return new ErrorBody("bad_request", message);
  }
}
