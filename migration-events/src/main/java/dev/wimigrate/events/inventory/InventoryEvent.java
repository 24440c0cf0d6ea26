package dev.wimigrate.events.inventory;

import dev.wimigrate.events.common.Event;

/**
 * What a cluster-agent reports about its cluster, on {@code wimigrate.inventory}. Observations
 * describe the cluster as it is: values that Kubernetes does not validate (annotations, pod
 * identity and KEDA specs) are passed on verbatim so the inventory can flag broken ones.
 */
public sealed interface InventoryEvent extends Event
    permits ClusterObserved,
        WorkloadObserved,
        WorkloadGone,
        PodIdentityObserved,
        TriggerAuthenticationObserved,
        SnapshotCompleted {

  String clusterId();
}
