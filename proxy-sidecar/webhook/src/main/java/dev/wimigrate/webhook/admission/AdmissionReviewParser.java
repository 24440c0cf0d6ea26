package dev.wimigrate.webhook.admission;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Set;

/**
 * Reads an AdmissionReview request body. Anything that is not one (not JSON, too deeply nested,
 * wrong kind, no request uid) is rejected with a reason; the pod itself is checked later.
 */
public final class AdmissionReviewParser {

  public static final String V1 = "admission.k8s.io/v1";
  public static final String V1BETA1 = "admission.k8s.io/v1beta1";
  private static final Set<String> VERSIONS = Set.of(V1, V1BETA1);

  /** A pod is shallow; 200 levels is far beyond any real object and cheap to walk. */
  static final int MAX_NESTING = 200;

  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
              .build());

  private AdmissionReviewParser() {}

  public static AdmissionRequest parse(byte[] body) throws MalformedReviewException {
    if (body == null || body.length == 0) {
      throw new MalformedReviewException("empty request body: expected an AdmissionReview");
    }
    JsonNode review;
    try {
      review = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedReviewException(
          "request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedReviewException("cannot read request body: " + e.getMessage());
    }
    if (review == null || !review.isObject()) {
      throw new MalformedReviewException("request body must be an AdmissionReview JSON object");
    }
    String kind = review.path("kind").asText("");
    if (!AdmissionReviewResponse.KIND.equals(kind)) {
      throw new MalformedReviewException("kind must be \"AdmissionReview\", got \"" + kind + "\"");
    }
    String apiVersion = review.path("apiVersion").asText("");
    if (!VERSIONS.contains(apiVersion)) {
      throw new MalformedReviewException(
          "apiVersion must be " + V1 + " (or " + V1BETA1 + "), got \"" + apiVersion + "\"");
    }
    JsonNode request = review.get("request");
    if (request == null || !request.isObject()) {
      throw new MalformedReviewException("the AdmissionReview has no request object");
    }
    JsonNode uid = request.get("uid");
    if (uid == null || !uid.isTextual() || uid.asText().isEmpty()) {
      throw new MalformedReviewException("request.uid is missing or not a string");
    }
    JsonNode object = request.get("object");
    return new AdmissionRequest(
        apiVersion,
        uid.asText(),
        request.path("kind").path("kind").asText(""),
        request.path("operation").asText(""),
        request.path("namespace").asText(""),
        object == null || object.isNull() ? null : object,
        request.path("dryRun").asBoolean(false));
  }
}
