package dev.wimigrate.identity.azure;

import dev.wimigrate.azurekit.AzureCallException;
import dev.wimigrate.identity.cluster.ClusterChange;
import dev.wimigrate.identity.cluster.ClusterState;
import dev.wimigrate.identity.rbac.Assignment;
import java.util.List;
import java.util.Map;

/**
 * The Azure resources identity-service reads and writes: ARM in production, the Azure emulator in
 * tests. Every method is one ARM call (polls are separate calls) and throws {@link
 * AzureCallException} when Azure says no, 404 included.
 */
public interface AzureResources {

  IdentityIds getIdentity(String resourceId);

  /** Creates (ARM PUT) a user-assigned identity. */
  IdentityIds createIdentity(String resourceId, String location, Map<String, String> tags);

  /** The principal's role assignments at, above and below its subscription. */
  List<Assignment> roleAssignments(String subscriptionId, String principalId);

  /**
   * Assigns the role at the assignment's scope (any scope; {@code subscriptionId} only picks the
   * client) to the principal (a service principal) under a name derived from principal, role and
   * scope; false when Azure already had the same assignment.
   */
  boolean assignRole(String subscriptionId, Assignment assignment, String principalId);

  /** A cluster as read, to hand back to {@link #beginUpdate}. */
  interface Cluster {
    ClusterState state();
  }

  Cluster getCluster(String clusterResourceId);

  /** Writes the cluster as read with the change applied; the write is a long-running operation. */
  ClusterOperation beginUpdate(String clusterResourceId, Cluster cluster, ClusterChange change);
}
