package dev.wimigrate.inventory.api;

import dev.wimigrate.inventory.saga.SagaEngine;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A migration request the orchestrator can't take (unknown cluster, nothing selected: 422; state
 * still loading: 503) becomes a JSON answer in the style of {@link ApiErrors}, whichever endpoint
 * (REST or ticket webhook) sent it.
 */
public class SagaErrorMappers {

  @ServerExceptionMapper
  public Response invalidRequest(SagaEngine.InvalidMigrationRequest e) {
    Response.ResponseBuilder answer =
        Response.status(e.status())
            .type(MediaType.APPLICATION_JSON)
            .entity(Map.of("status", e.status(), "error", e.getMessage()));
    if (e.status() == 503) {
      answer.header("Retry-After", "5");
    }
    return answer.build();
  }
}
