package dev.wimigrate.inventory.planning;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.inventory.ClusterObserved;
import dev.wimigrate.events.inventory.PodIdentityObserved;
import dev.wimigrate.events.inventory.TriggerAuthenticationObserved;
import dev.wimigrate.events.inventory.WorkloadObserved;
import java.util.List;

/**
 * An immutable view of the fleet, everything the planner reads: the agents' observations as they
 * arrive on {@code wimigrate.inventory} (cluster facts with issuer URLs; workloads with their
 * bindings, service account, OS, SDK hint, hostNetwork, Pod Security level and Workload ID state;
 * AzureIdentities; KEDA TriggerAuthentications) plus the federated credentials that already exist
 * on the identities in Azure. Order does not matter: the planner sorts everything.
 *
 * <p>It covers the whole fleet, not only what a migration selects: whether a service account is
 * shared, and how much of an identity's credential budget is spent, depend on workloads outside the
 * selection too.
 */
public record FleetView(
    List<ClusterObserved> clusters,
    List<WorkloadObserved> workloads,
    List<PodIdentityObserved> podIdentities,
    List<TriggerAuthenticationObserved> triggerAuthentications,
    List<ExistingFederatedCredential> federatedCredentials) {

  public FleetView {
    clusters = Checks.list("clusters", clusters);
    workloads = Checks.list("workloads", workloads);
    podIdentities = Checks.list("podIdentities", podIdentities);
    triggerAuthentications = Checks.list("triggerAuthentications", triggerAuthentications);
    federatedCredentials = Checks.list("federatedCredentials", federatedCredentials);
  }

  public static FleetView of(List<ClusterObserved> clusters, List<WorkloadObserved> workloads) {
    return new FleetView(clusters, workloads, List.of(), List.of(), List.of());
  }
}
