package dev.wimigrate.webhook.admission;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The AdmissionReview the webhook answers with ({@code admission.k8s.io/v1}). */
@RegisterForReflection
@JsonPropertyOrder({"apiVersion", "kind", "response"})
public record AdmissionReviewResponse(String apiVersion, String kind, AdmissionResponse response) {

  public static final String KIND = "AdmissionReview";

  /**
   * The {@code response} part.
   *
   * @param patch base64 of the JSON patch, or absent when nothing changes
   */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyOrder({"uid", "allowed", "patchType", "patch", "status", "warnings"})
  public record AdmissionResponse(
      String uid,
      @JsonInclude(JsonInclude.Include.ALWAYS) boolean allowed,
      String patchType,
      String patch,
      Status status,
      java.util.List<String> warnings) {}

  /** A {@code metav1.Status} explaining a denial. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyOrder({"code", "status", "reason", "message"})
  public record Status(int code, String status, String reason, String message) {

    public static Status failure(int code, String message) {
      return new Status(code, "Failure", reason(code), message);
    }

    private static String reason(int code) {
      return switch (code) {
        case 400 -> "BadRequest";
        case 403 -> "Forbidden";
        case 404 -> "NotFound";
        case 500 -> "InternalError";
        default -> "";
      };
    }
  }
}
