package dev.wimigrate.inventory.planning;

import dev.wimigrate.events.migration.MigrationSelector;
import java.util.List;

/**
 * What a migration will do, computed by {@link MigrationPlanner} from a {@link FleetView} and a
 * selector. It is also the dry-run preview: a plain tree of records, every list sorted, so the same
 * fleet and selector always give an equal plan and byte-identical JSON (Jackson).
 *
 * @param clusters cluster-level steps (OIDC issuer and Workload ID) of the clusters involved
 * @param workloads the workloads that will be migrated, by workload key
 * @param blocked selected workloads that cannot be migrated automatically, with the reason; they
 *     get no service account change and no federated credential
 * @param serviceAccounts the service account each (cluster, namespace, identity) will use
 * @param sharedServiceAccounts service accounts the plan does not reuse, and why
 * @param identities federated credential budget per identity, with overflow identities
 * @param waves canary first, then the rest
 * @param notes things the operator should know that belong to no single entry above
 */
public record MigrationPlan(
    MigrationSelector selector,
    PlannerSettings settings,
    List<ClusterPlan> clusters,
    List<WorkloadPlan> workloads,
    List<BlockedWorkload> blocked,
    List<ServiceAccountPlan> serviceAccounts,
    List<SharedServiceAccount> sharedServiceAccounts,
    List<IdentityBudget> identities,
    List<Wave> waves,
    List<String> notes) {

  public MigrationPlan {
    clusters = List.copyOf(clusters);
    workloads = List.copyOf(workloads);
    blocked = List.copyOf(blocked);
    serviceAccounts = List.copyOf(serviceAccounts);
    sharedServiceAccounts = List.copyOf(sharedServiceAccounts);
    identities = List.copyOf(identities);
    waves = List.copyOf(waves);
    notes = List.copyOf(notes);
  }
}
