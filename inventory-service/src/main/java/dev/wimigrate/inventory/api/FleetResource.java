package dev.wimigrate.inventory.api;

import dev.wimigrate.inventory.fleet.FleetInventory;
import dev.wimigrate.inventory.fleet.FleetSummary;
import dev.wimigrate.inventory.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Counts over the whole fleet: by cluster, by planned path, by Workload ID status. */
@Path("/api/v1/fleet")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.READ)
public class FleetResource {

  private final FleetInventory inventory;

  public FleetResource(FleetInventory inventory) {
    this.inventory = inventory;
  }

  @GET
  @Path("/summary")
  public FleetSummary summary() {
    return inventory.summary();
  }
}
