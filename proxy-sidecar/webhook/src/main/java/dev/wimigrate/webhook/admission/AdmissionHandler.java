package dev.wimigrate.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wimigrate.webhook.admission.AdmissionReviewResponse.AdmissionResponse;
import dev.wimigrate.webhook.admission.AdmissionReviewResponse.Status;
import dev.wimigrate.webhook.kube.ServiceAccountLookup;
import dev.wimigrate.webhook.kube.ServiceAccounts;
import dev.wimigrate.webhook.mutation.InvalidPodException;
import dev.wimigrate.webhook.mutation.MutationResult;
import dev.wimigrate.webhook.mutation.PodMutator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Answers one admission request: finds the pod's service account, runs the mutation, and wraps the
 * patch or denial in an AdmissionReview response.
 */
public class AdmissionHandler {

  private static final Logger LOG = Logger.getLogger(AdmissionHandler.class);

  /** How an admission ended, for metrics. */
  public enum Outcome {
    MUTATED,
    UNCHANGED,
    DENIED,
    ERROR;

    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The response and how it ended. */
  public record Answer(AdmissionReviewResponse review, Outcome outcome) {}

  private final PodMutator mutator;
  private final ServiceAccounts serviceAccounts;
  private final ObjectMapper json;

  public AdmissionHandler(PodMutator mutator, ServiceAccounts serviceAccounts, ObjectMapper json) {
    this.mutator = mutator;
    this.serviceAccounts = serviceAccounts;
    this.json = json;
  }

  public Answer handle(AdmissionRequest request) {
    if (!request.kind().isEmpty() && !request.kind().equals("Pod")) {
      return deny(request, 400, "this webhook admits pods only, got kind " + request.kind());
    }
    if (!request.operation().isEmpty() && !request.operation().equals("CREATE")) {
      // only pod creation is mutated; anything else passes untouched
      return new Answer(allowed(request, null, List.of()), Outcome.UNCHANGED);
    }
    JsonNode pod = request.object();
    if (pod == null || !pod.isObject()) {
      return deny(request, 400, "request.object is missing or is not a pod object");
    }
    String namespace = request.namespace();
    if (namespace.isEmpty()) {
      namespace = pod.path("metadata").path("namespace").asText("");
    }
    if (namespace.isEmpty()) {
      return deny(request, 400, "the request names no namespace for the pod");
    }
    String saName;
    try {
      saName = PodMutator.serviceAccountName(pod);
    } catch (InvalidPodException e) {
      return deny(request, 400, e.getMessage());
    }
    ServiceAccountLookup lookup = serviceAccounts.find(namespace, saName);
    if (lookup instanceof ServiceAccountLookup.Failed failed) {
      return deny(request, 400, failed.message());
    }
    MutationResult result =
        mutator.mutate(pod, namespace, ((ServiceAccountLookup.Found) lookup).serviceAccount());
    if (result instanceof MutationResult.Denied denied) {
      return deny(request, denied.code(), denied.message());
    }
    MutationResult.Mutated mutated = (MutationResult.Mutated) result;
    if (mutated.patch().isEmpty()) {
      return new Answer(allowed(request, null, mutated.warnings()), Outcome.UNCHANGED);
    }
    byte[] patch;
    try {
      patch = json.writeValueAsBytes(mutated.patch());
    } catch (Exception e) {
      LOG.errorf(e, "cannot serialise the patch for request %s", request.uid());
      return new Answer(
          response(
              request,
              new AdmissionResponse(
                  request.uid(),
                  false,
                  null,
                  null,
                  Status.failure(500, "cannot serialise the patch: " + e.getMessage()),
                  List.of())),
          Outcome.ERROR);
    }
    LOG.debugf(
        "pod %s/%s mutated: %s",
        namespace,
        pod.path("metadata")
            .path("name")
            .asText(pod.path("metadata").path("generateName").asText()),
        new String(patch, StandardCharsets.UTF_8));
    return new Answer(allowed(request, patch, mutated.warnings()), Outcome.MUTATED);
  }

  private Answer deny(AdmissionRequest request, int code, String message) {
    LOG.infof("admission %s denied: %s", request.uid(), message);
    return new Answer(
        response(
            request,
            new AdmissionResponse(
                request.uid(), false, null, null, Status.failure(code, message), List.of())),
        Outcome.DENIED);
  }

  private static AdmissionReviewResponse allowed(
      AdmissionRequest request, byte[] patch, List<String> warnings) {
    return response(
        request,
        new AdmissionResponse(
            request.uid(),
            true,
            patch == null ? null : "JSONPatch",
            patch == null ? null : Base64.getEncoder().encodeToString(patch),
            null,
            warnings));
  }

  private static AdmissionReviewResponse response(
      AdmissionRequest request, AdmissionResponse response) {
    return new AdmissionReviewResponse(
        request.apiVersion(), AdmissionReviewResponse.KIND, response);
  }
}
