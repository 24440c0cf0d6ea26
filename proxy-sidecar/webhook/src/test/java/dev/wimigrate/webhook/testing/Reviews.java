package dev.wimigrate.webhook.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/** AdmissionReview request bodies as the apiserver sends them. */
public final class Reviews {

  private Reviews() {}

  public static ObjectNode review(
      String apiVersion, String operation, String namespace, JsonNode pod) {
    ObjectNode review = Json.MAPPER.createObjectNode();
    review.put("apiVersion", apiVersion).put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", UUID.randomUUID().toString());
    request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
    request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
    request.put("namespace", namespace).put("operation", operation);
    request.putObject("userInfo").put("username", "kubernetes-admin");
    request.set("object", pod);
    request.putNull("oldObject");
    request.put("dryRun", false);
    return review;
  }

  public static ObjectNode create(String namespace, JsonNode pod) {
    return review("admission.k8s.io/v1", "CREATE", namespace, pod);
  }
}
