package dev.wimigrate.inventory.security;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Map;

/**
 * Test-only endpoints for the authorization rules that no production endpoint shows yet: a write
 * (POST, migrations.write) and an endpoint someone forgot to annotate, which the /api/* policy must
 * still keep from anonymous callers.
 */
@Path("/api/v1/test-probes")
@Produces(MediaType.APPLICATION_JSON)
public class WriteProbeResource {

  @POST
  @Path("/write")
  @RolesAllowed(Roles.WRITE)
  public Map<String, String> write(@Context SecurityContext security) {
    return Map.of("caller", security.getUserPrincipal().getName());
  }

  @GET
  @Path("/unannotated")
  public Map<String, String> unannotated(@Context SecurityContext security) {
    return Map.of("caller", security.getUserPrincipal().getName());
  }
}
