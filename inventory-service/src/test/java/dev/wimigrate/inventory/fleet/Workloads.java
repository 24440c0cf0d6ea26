package dev.wimigrate.inventory.fleet;

import dev.wimigrate.events.common.OperatingSystem;
import dev.wimigrate.events.common.SdkGeneration;
import dev.wimigrate.events.common.WorkloadKind;
import dev.wimigrate.events.common.WorkloadRef;
import dev.wimigrate.events.inventory.ClusterObserved;
import dev.wimigrate.events.inventory.ContainerInfo;
import dev.wimigrate.events.inventory.PodIdentityBindingRef;
import dev.wimigrate.events.inventory.PodIdentityObserved;
import dev.wimigrate.events.inventory.TriggerAuthenticationObserved;
import dev.wimigrate.events.inventory.WorkloadGone;
import dev.wimigrate.events.inventory.WorkloadIdentityState;
import dev.wimigrate.events.inventory.WorkloadObserved;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Agent reports for tests and the benchmark. */
public final class Workloads {

  private Workloads() {}

  public static String identityId(String name) {
    return "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg"
        + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
        + name;
  }

  public static String clientId(String name) {
    return "11111111-1111-1111-1111-" + String.format("%012x", Math.abs(name.hashCode()));
  }

  public static WorkloadRef ref(String cluster, String namespace, String name) {
    return new WorkloadRef(cluster, namespace, WorkloadKind.DEPLOYMENT, name);
  }

  /** A Linux workload bound to {@code identity} with a legacy SDK: planned SIDECAR. */
  public static WorkloadObserved legacy(
      String cluster, String namespace, String name, String identity, Instant at) {
    return workload(
        cluster,
        namespace,
        name,
        identity,
        SdkGeneration.LEGACY,
        OperatingSystem.LINUX,
        new WorkloadIdentityState(false, null, false, false),
        at,
        false);
  }

  public static WorkloadObserved workload(
      String cluster,
      String namespace,
      String name,
      String identity,
      SdkGeneration sdk,
      OperatingSystem os,
      WorkloadIdentityState wi,
      Instant at,
      boolean snapshot) {
    List<PodIdentityBindingRef> bindings =
        identity == null
            ? List.of()
            : List.of(
                new PodIdentityBindingRef(
                    identity + "-binding",
                    identity,
                    identityId(identity),
                    clientId(identity),
                    PodIdentityBindingRef.USER_ASSIGNED_MSI));
    return new WorkloadObserved(
        ref(cluster, namespace, name),
        name,
        identity,
        bindings,
        os,
        false,
        List.of(new ContainerInfo("app", "registry.example/" + name + ":1", false)),
        sdk,
        null,
        wi,
        identity == null
            ? Map.of("app", name)
            : Map.of("app", name, WorkloadObserved.POD_IDENTITY_LABEL, identity),
        at,
        snapshot);
  }

  public static WorkloadGone gone(String cluster, String namespace, String name, Instant at) {
    return new WorkloadGone(ref(cluster, namespace, name), at);
  }

  public static ClusterObserved cluster(String id, Instant at) {
    return new ClusterObserved(
        id, "v1.34.4", "https://oidc.example/" + id + "/", true, true, true, at, null);
  }

  public static PodIdentityObserved podIdentity(
      String cluster, String namespace, String name, boolean deleted, Instant at) {
    return new PodIdentityObserved(
        cluster,
        namespace,
        name,
        0,
        identityId(name),
        clientId(name),
        List.of(name + "-binding"),
        List.of(name),
        deleted,
        at);
  }

  public static TriggerAuthenticationObserved keda(
      String cluster, String namespace, String name, boolean deleted, Instant at) {
    return new TriggerAuthenticationObserved(
        cluster, namespace, name, false, "azure", null, deleted, at);
  }
}
