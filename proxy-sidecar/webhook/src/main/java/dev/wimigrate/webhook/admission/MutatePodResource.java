package dev.wimigrate.webhook.admission;

import dev.wimigrate.webhook.admission.AdmissionReviewResponse.AdmissionResponse;
import dev.wimigrate.webhook.admission.AdmissionReviewResponse.Status;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/** {@code POST /mutate-v1-pod}: the apiserver's call for every labelled pod creation. */
@Path("/mutate-v1-pod")
public class MutatePodResource {

  private static final Logger LOG = Logger.getLogger(MutatePodResource.class);

  private final AdmissionHandler handler;
  private final WebhookMetrics metrics;

  @Inject
  public MutatePodResource(AdmissionHandler handler, WebhookMetrics metrics) {
    this.handler = handler;
    this.metrics = metrics;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Mutate a pod for Azure Workload Identity",
      description =
          "Takes an AdmissionReview (admission.k8s.io/v1) for a pod CREATE and answers with an"
              + " AdmissionReview whose response carries a base64 JSONPatch, or a denial with its"
              + " reason. Bodies that are not an AdmissionReview get HTTP 400 with a reason.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(description = "AdmissionReview admission.k8s.io/v1")))
  @APIResponse(
      responseCode = "200",
      description = "AdmissionReview with the response",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AdmissionReviewResponse.class)))
  @APIResponse(
      responseCode = "400",
      description = "the body is not an AdmissionReview",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(responseCode = "413", description = "the body exceeds the size limit")
  public Response mutate(byte[] body) {
    long start = System.nanoTime();
    AdmissionRequest request;
    try {
      request = AdmissionReviewParser.parse(body);
    } catch (MalformedReviewException e) {
      LOG.infof("malformed admission request: %s", e.getMessage());
      metrics.record(WebhookMetrics.MALFORMED, since(start));
      return Response.status(400).entity(ErrorBody.badRequest(e.getMessage())).build();
    }
    AdmissionHandler.Answer answer;
    try {
      answer = handler.handle(request);
    } catch (RuntimeException e) {
      LOG.errorf(e, "admission %s failed", request.uid());
      answer =
          new AdmissionHandler.Answer(
              new AdmissionReviewResponse(
                  request.apiVersion(),
                  AdmissionReviewResponse.KIND,
                  new AdmissionResponse(
                      request.uid(),
                      false,
                      null,
                      null,
                      Status.failure(500, "internal error: " + e),
                      List.of())),
              AdmissionHandler.Outcome.ERROR);
    }
    metrics.record(answer.outcome().tag(), since(start));
    return Response.ok(answer.review()).build();
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
