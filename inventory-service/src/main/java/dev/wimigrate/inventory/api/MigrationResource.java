package dev.wimigrate.inventory.api;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.inventory.saga.MigrationHeader;
import dev.wimigrate.inventory.saga.MigrationRun;
import dev.wimigrate.inventory.saga.MigrationView;
import dev.wimigrate.inventory.saga.SagaEngine;
import dev.wimigrate.inventory.saga.SagaPhase;
import dev.wimigrate.inventory.saga.Step;
import dev.wimigrate.inventory.saga.StepKind;
import dev.wimigrate.inventory.saga.WorkloadSaga;
import dev.wimigrate.inventory.security.Roles;
import dev.wimigrate.inventory.ticketing.MigrationAccepted;
import dev.wimigrate.inventory.ticketing.MigrationRequestBody;
import dev.wimigrate.inventory.ticketing.MigrationRequestConflictException;
import dev.wimigrate.inventory.ticketing.MigrationRequests;
import dev.wimigrate.inventory.ticketing.TicketPayloadException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Migrations: start one for a ticket (idempotent on the ticket), follow it per workload, and pause,
 * resume or roll it back. See docs/saga.md for the phases and statuses.
 */
@Path("/api/v1/migrations")
@Produces(MediaType.APPLICATION_JSON)
public class MigrationResource {

  private final MigrationRequests requests;
  private final SagaEngine engine;
  private final SecurityIdentity caller;

  public MigrationResource(MigrationRequests requests, SagaEngine engine, SecurityIdentity caller) {
    this.requests = requests;
    this.engine = engine;
    this.caller = caller;
  }

  /** A migration request answer: where to follow it. */
  public record Accepted(String migrationId, boolean created, String status, String location) {}

  @POST
  @Consumes(MediaType.WILDCARD)
  @RolesAllowed(Roles.WRITE)
  @Operation(
      summary = "Start a migration for a ticket",
      description =
          "Body: {selector: {clusterId, namespace, workloadNames, labels}, mode: dry-run|execute,"
              + " ticket: {system, id, callbackUrl}}. The same ticket always names the same"
              + " migration: 202 with created=false when it exists, 409 when it differs.")
  public Response start(byte[] body) {
    MigrationAccepted accepted;
    try {
      accepted = requests.submit(MigrationRequestBody.parse(body, callerName()));
    } catch (TicketPayloadException e) {
      throw ApiErrors.badRequest(e.getMessage());
    } catch (dev.wimigrate.events.common.InvalidFieldException e) {
      throw ApiErrors.badRequest(e.getMessage());
    } catch (MigrationRequestConflictException e) {
      throw ApiErrors.status(Response.Status.CONFLICT, e.getMessage());
    }
    String location = "/api/v1/migrations/" + accepted.migrationId();
    String status =
        engine.view(accepted.migrationId()).map(v -> v.header().status().name()).orElse("");
    return Response.accepted(
            new Accepted(accepted.migrationId(), accepted.created(), status, location))
        .location(URI.create(location))
        .build();
  }

  @GET
  @RolesAllowed(Roles.READ)
  @Operation(summary = "Every migration, newest first")
  public List<Map<String, Object>> list() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (MigrationHeader h : engine.list()) {
      out.add(headerJson(h));
    }
    return out;
  }

  @GET
  @Path("/{id}")
  @RolesAllowed(Roles.READ)
  @Operation(
      summary = "A migration: status, plan decisions, every workload's phase and steps, failures")
  public Map<String, Object> get(@PathParam("id") String id, @QueryParam("phase") String phase) {
    SagaPhase filter = null;
    if (phase != null && !phase.isBlank()) {
      try {
        filter = SagaPhase.valueOf(phase.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ApiErrors.badRequest(
            "phase: must be one of "
                + List.of(SagaPhase.values())
                + ", got "
                + Checks.quote(phase));
      }
    }
    return viewJson(find(id), filter);
  }

  @POST
  @Path("/{id}/pause")
  @RolesAllowed(Roles.WRITE)
  @Operation(summary = "Pause: running steps finish, nothing new starts")
  public Map<String, Object> pause(@PathParam("id") String id) {
    return act(id, SagaEngine.Action.PAUSE);
  }

  @POST
  @Path("/{id}/resume")
  @RolesAllowed(Roles.WRITE)
  @Operation(summary = "Resume a paused or halted migration")
  public Map<String, Object> resume(@PathParam("id") String id) {
    return act(id, SagaEngine.Action.RESUME);
  }

  @POST
  @Path("/{id}/rollback")
  @RolesAllowed(Roles.WRITE)
  @Operation(summary = "Take every workload not yet cleaned up back to pod identity")
  public Map<String, Object> rollback(@PathParam("id") String id) {
    return act(id, SagaEngine.Action.ROLLBACK);
  }

  private Map<String, Object> act(String id, SagaEngine.Action action) {
    checkId(id);
    try {
      return engine
          .act(id, action, callerName())
          .map(v -> viewJson(v, null))
          .orElseThrow(() -> ApiErrors.notFound("no migration '" + id + "'"));
    } catch (MigrationRun.IllegalTransition e) {
      throw ApiErrors.status(Response.Status.CONFLICT, e.getMessage());
    }
  }

  private MigrationView find(String id) {
    checkId(id);
    Optional<MigrationView> view = engine.view(id);
    return view.orElseThrow(() -> ApiErrors.notFound("no migration '" + id + "'"));
  }

  private static void checkId(String id) {
    if (!id.matches("mig-[0-9a-f]{20}")) {
      throw ApiErrors.badRequest(
          "migration id: must be 'mig-' and 20 hex digits, got " + Checks.quote(id));
    }
  }

  private String callerName() {
    return caller == null || caller.isAnonymous() ? "anonymous" : caller.getPrincipal().getName();
  }

  // ------------------------------------------------------------------ JSON shapes

  private static Map<String, Object> headerJson(MigrationHeader h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("migrationId", h.migrationId());
    m.put("status", h.status().name());
    m.put("statusReason", h.statusReason());
    m.put(
        "mode",
        h.request().mode() == dev.wimigrate.events.migration.MigrationMode.DRY_RUN
            ? "dry-run"
            : "execute");
    m.put("ticket", h.request().ticket());
    m.put("requestedBy", h.request().requestedBy());
    m.put("requestedAt", h.createdAt().toString());
    m.put("updatedAt", h.updatedAt().toString());
    m.put("selector", h.request().selector());
    m.put("releasedWave", h.releasedWave());
    m.put("lastWave", h.lastWave());
    return m;
  }

  private static Map<String, Object> viewJson(MigrationView v, SagaPhase filter) {
    Map<String, Object> m = headerJson(v.header());
    Map<String, Long> byPhase = new LinkedHashMap<>();
    for (SagaPhase p : SagaPhase.values()) {
      long n = v.workloads().stream().filter(w -> w.phase() == p).count();
      if (n > 0) {
        byPhase.put(p.name(), n);
      }
    }
    m.put("workloadsByPhase", byPhase);
    m.put("clusters", clustersJson(v));
    m.put("identities", v.header().identities());
    List<Map<String, Object>> failures = new ArrayList<>();
    List<Map<String, Object>> workloads = new ArrayList<>();
    for (WorkloadSaga w : v.workloads()) {
      if (w.failedStep() != null) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("workload", w.key());
        f.put("phase", w.phase().name());
        f.put("failure", w.failure());
        f.put("needsAttention", w.needsAttention());
        failures.add(f);
      }
      if (filter == null || w.phase() == filter) {
        workloads.add(workloadJson(w));
      }
    }
    m.put("failures", failures);
    m.put("problems", v.header().problems());
    m.put("notes", v.header().notes());
    m.put("workloads", workloads);
    return m;
  }

  private static List<Map<String, Object>> clustersJson(MigrationView v) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (var c : v.header().clusters()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("clusterId", c.clusterId());
      m.put("issuer", c.issuer());
      m.put("enableWorkloadIdentity", c.enableWorkloadIdentity());
      m.put("reason", c.reason());
      m.put("workloads", c.workloads());
      m.put("blocked", c.blocked());
      for (Step s : v.steps()) {
        if (s.kind() == StepKind.ENABLE_CLUSTER && s.id().endsWith("/" + c.clusterId())) {
          m.put("enableStep", stepJson(s));
        }
        if (s.kind() == StepKind.REMOVE_POD_IDENTITY && s.id().endsWith("/" + c.clusterId())) {
          m.put("podIdentityRemoval", stepJson(s));
        }
      }
      out.add(m);
    }
    return out;
  }

  private static Map<String, Object> workloadJson(WorkloadSaga w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", w.key());
    m.put("cluster", w.clusterId());
    m.put("namespace", w.workload().namespace());
    m.put("kind", w.workload().kind().kubernetesName());
    m.put("name", w.workload().name());
    m.put("path", w.path() == null ? null : w.path().name());
    m.put("phase", w.phase().name());
    m.put("wave", w.wave());
    m.put("reason", w.reason());
    m.put("serviceAccount", w.serviceAccount());
    m.put("identity", w.identityResourceId());
    m.put("targetIdentity", w.targetIdentityResourceId());
    if (w.failure() != null) {
      m.put("failure", w.failure());
      m.put("needsAttention", w.needsAttention());
    }
    if (!w.diffs().isEmpty()) {
      m.put("diffs", w.diffs());
    }
    List<Map<String, Object>> steps = new ArrayList<>();
    w.steps().forEach(s -> steps.add(stepJson(s)));
    w.compensation().forEach(s -> steps.add(stepJson(s)));
    m.put("steps", steps);
    return m;
  }

  private static Map<String, Object> stepJson(Step s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("step", s.kind().slug());
    m.put("status", s.status().name());
    m.put("attempt", s.attempt());
    if (s.startedAt() != null) {
      m.put("startedAt", s.startedAt().toString());
    }
    if (s.endedAt() != null) {
      m.put("endedAt", s.endedAt().toString());
    }
    if (s.errorCode() != null) {
      m.put("errorCode", s.errorCode());
    }
    if (s.error() != null) {
      m.put("error", s.error());
    }
    return m;
  }
}
