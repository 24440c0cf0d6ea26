package dev.wimigrate.inventory.ticketing;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Ticketing systems start migrations here: {@code POST /api/v1/tickets/{system}} with the system's
 * payload, signed with its secret. The signature is the authentication (these systems cannot get
 * Entra tokens), so the endpoint is open at the HTTP layer and checks it itself.
 *
 * <p>Answers: 202 {@code {"migrationId", "created"}} with {@code Location:
 * /api/v1/migrations/{id}}; 404 when the system is unknown or its webhook has no secret (the same
 * answer for both, so callers cannot probe the configuration); 401 saying what is wrong with the
 * signature; 400 naming the payload field; 409 when the ticket's migration exists with other
 * settings; 503 while no migration orchestrator runs in this service.
 */
@Path("/api/v1/tickets")
@PermitAll
public class TicketWebhookResource {

  private static final Logger LOG = Logger.getLogger(TicketWebhookResource.class);
  private static final List<String> SYSTEMS =
      List.of(
          GenericPayloadAdapter.SYSTEM, JiraPayloadAdapter.SYSTEM, ServiceNowPayloadAdapter.SYSTEM);

  private final TicketSources sources;
  private final WebhookSignatures signatures;
  private final Supplier<Optional<MigrationRequests>> migrations;

  @Inject
  public TicketWebhookResource(
      TicketSources sources, WebhookSignatures signatures, Instance<MigrationRequests> migrations) {
    this(
        sources,
        signatures,
        () -> migrations.isResolvable() ? Optional.of(migrations.get()) : Optional.empty());
  }

  TicketWebhookResource(
      TicketSources sources,
      WebhookSignatures signatures,
      Supplier<Optional<MigrationRequests>> migrations) {
    this.sources = sources;
    this.signatures = signatures;
    this.migrations = migrations;
  }

  @POST
  @Path("/{system}")
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response receive(
      @PathParam("system") String system,
      @HeaderParam(WebhookSignatures.WIMIGRATE_SIGNATURE) String wimigrateSignature,
      @HeaderParam(WebhookSignatures.WIMIGRATE_TIMESTAMP) String wimigrateTimestamp,
      @HeaderParam(WebhookSignatures.HUB_SIGNATURE) String hubSignature,
      @HeaderParam(WebhookSignatures.SERVICENOW_SIGNATURE) String serviceNowSignature,
      byte[] body) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    putIfPresent(headers, WebhookSignatures.WIMIGRATE_SIGNATURE, wimigrateSignature);
    putIfPresent(headers, WebhookSignatures.WIMIGRATE_TIMESTAMP, wimigrateTimestamp);
    putIfPresent(headers, WebhookSignatures.HUB_SIGNATURE, hubSignature);
    putIfPresent(headers, WebhookSignatures.SERVICENOW_SIGNATURE, serviceNowSignature);
    return handle(system, headers::get, body == null ? new byte[0] : body);
  }

  /** The webhook without JAX-RS: source, signature, payload, then the migration. */
  Response handle(String system, Function<String, String> headers, byte[] body) {
    TicketSources.TicketSource source =
        sources
            .enabled(system)
            .orElseThrow(
                () ->
                    error(
                        Response.Status.NOT_FOUND,
                        "no ticket webhook is enabled for '"
                            + printable(system)
                            + "' (webhooks: "
                            + String.join(", ", SYSTEMS)
                            + ", each enabled by configuring its secret)"));
    try {
      signatures.verify(source.scheme(), source.secret(), headers, body);
    } catch (SignatureRejectedException e) {
      LOG.infof("%s webhook refused: %s", system, e.getMessage());
      throw error(Response.Status.UNAUTHORIZED, e.getMessage());
    }
    TicketedMigrationRequest request;
    try {
      request = source.adapter().parse(body);
    } catch (TicketPayloadException e) {
      LOG.infof("%s webhook with an unusable payload: %s", system, e.getMessage());
      throw error(Response.Status.BAD_REQUEST, e.getMessage());
    }
    MigrationRequests orchestrator =
        migrations
            .get()
            .orElseThrow(
                () ->
                    error(
                        Response.Status.SERVICE_UNAVAILABLE,
                        "migrations cannot be started: no migration orchestrator runs in this"
                            + " service"));
    MigrationAccepted accepted;
    try {
      accepted = orchestrator.submit(request);
    } catch (MigrationRequestConflictException e) {
      throw error(Response.Status.CONFLICT, e.getMessage());
    }
    LOG.infof(
        "%s ticket %s (%s, by %s): migration %s %s",
        request.ticket().system(),
        request.ticket().id(),
        request.mode(),
        request.requestedBy(),
        accepted.migrationId(),
        accepted.created() ? "created" : "already exists");
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("migrationId", accepted.migrationId());
    answer.put("created", accepted.created());
    return Response.accepted(answer)
        .type(MediaType.APPLICATION_JSON)
        .location(UriBuilder.fromPath("/api/v1/migrations/{id}").build(accepted.migrationId()))
        .build();
  }

  private static void putIfPresent(Map<String, String> headers, String name, String value) {
    if (value != null) {
      headers.put(name, value);
    }
  }

  private static WebApplicationException error(Response.Status status, String message) {
    return new WebApplicationException(
        message,
        Response.status(status)
            .type(MediaType.APPLICATION_JSON)
            .entity(Map.of("status", status.getStatusCode(), "error", message))
            .build());
  }

  private static String printable(String value) {
    String clean = value.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
  }
}
