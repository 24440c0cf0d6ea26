package dev.wimigrate.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parts of an AdmissionReview request the webhook uses.
 *
 * @param apiVersion {@code admission.k8s.io/v1} (or v1beta1), echoed in the response
 * @param uid the request id, echoed in the response
 * @param kind {@code request.kind.kind}, e.g. {@code Pod}
 * @param operation {@code CREATE}, {@code UPDATE}...
 * @param namespace the request's namespace
 * @param object the object being admitted
 * @param dryRun whether the request is a dry run
 */
public record AdmissionRequest(
    String apiVersion,
    String uid,
    String kind,
    String operation,
    String namespace,
    JsonNode object,
    boolean dryRun) {}
