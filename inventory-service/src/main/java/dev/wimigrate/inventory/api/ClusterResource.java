package dev.wimigrate.inventory.api;

import dev.wimigrate.events.inventory.ClusterObserved;
import dev.wimigrate.inventory.fleet.FleetInventory;
import dev.wimigrate.inventory.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The clusters the agents have reported, with their facts. */
@Path("/api/v1/clusters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.READ)
public class ClusterResource {

  private final FleetInventory inventory;

  public ClusterResource(FleetInventory inventory) {
    this.inventory = inventory;
  }

  @GET
  public List<ClusterObserved> list() {
    return inventory.clusters();
  }

  @GET
  @Path("/{clusterId}")
  public ClusterObserved get(@PathParam("clusterId") String clusterId) {
    return inventory
        .cluster(clusterId)
        .orElseThrow(() -> new NotFoundException("no cluster '" + clusterId + "' has reported"));
  }
}
