package dev.wimigrate.inventory.planning;

import dev.wimigrate.events.common.OperatingSystem;
import dev.wimigrate.events.common.SdkGeneration;
import dev.wimigrate.events.common.WorkloadKind;
import dev.wimigrate.events.common.WorkloadRef;
import dev.wimigrate.events.inventory.ClusterObserved;
import dev.wimigrate.events.inventory.ContainerInfo;
import dev.wimigrate.events.inventory.PodIdentityBindingRef;
import dev.wimigrate.events.inventory.PodIdentityObserved;
import dev.wimigrate.events.inventory.TriggerAuthenticationObserved;
import dev.wimigrate.events.inventory.WorkloadIdentityState;
import dev.wimigrate.events.inventory.WorkloadObserved;
import dev.wimigrate.events.migration.MigrationSelector;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test builder of fleets: readable tables, valid observations. */
public final class Fleet {

  public static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
  public static final String RG =
      "/subscriptions/0b1c2d3e-0000-4000-8000-000000000001/resourceGroups/rg-ids"
          + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/";
  public static final MigrationSelector ALL = new MigrationSelector(null, null, null, null);

  final List<ClusterObserved> clusters = new ArrayList<>();
  final List<WorkloadObserved> workloads = new ArrayList<>();
  final List<PodIdentityObserved> podIdentities = new ArrayList<>();
  final List<TriggerAuthenticationObserved> triggerAuthentications = new ArrayList<>();
  final List<ExistingFederatedCredential> credentials = new ArrayList<>();

  public static String id(String name) {
    return RG + name;
  }

  public static String clientId(String identityName) {
    return UUID.nameUUIDFromBytes(identityName.getBytes(StandardCharsets.UTF_8)).toString();
  }

  public static String issuer(String clusterId) {
    return "https://westeurope.oic.prod-aks.azure.com/tenant-1/" + clusterId + "/";
  }

  public Fleet cluster(String clusterId) {
    clusters.add(
        new ClusterObserved(clusterId, "v1.33.3", issuer(clusterId), true, true, true, T0, null));
    return this;
  }

  public Fleet cluster(String clusterId, String issuer, boolean webhook) {
    clusters.add(new ClusterObserved(clusterId, "v1.33.3", issuer, webhook, true, true, T0, null));
    return this;
  }

  /** An AKS cluster whose agent knows its ARM id (the orchestrator can enable Workload ID). */
  public Fleet aksCluster(String clusterId, String resourceId, String issuer, boolean webhook) {
    clusters.add(
        new ClusterObserved(clusterId, "v1.33.3", issuer, webhook, true, true, T0, resourceId));
    return this;
  }

  public Fleet add(W w) {
    workloads.add(w.build());
    return this;
  }

  public Fleet podIdentity(String clusterId, String namespace, String identityName) {
    podIdentities.add(
        new PodIdentityObserved(
            clusterId,
            namespace,
            identityName,
            0,
            id(identityName),
            clientId(identityName),
            List.of(identityName + "-binding"),
            List.of(identityName),
            false,
            T0));
    return this;
  }

  public Fleet keda(
      String clusterId, String namespace, String name, String provider, String identityId) {
    return keda(clusterId, namespace, name, provider, identityId, false);
  }

  public Fleet keda(
      String clusterId,
      String namespace,
      String name,
      String provider,
      String identityId,
      boolean deleted) {
    triggerAuthentications.add(
        new TriggerAuthenticationObserved(
            clusterId, namespace, name, namespace == null, provider, identityId, deleted, T0));
    return this;
  }

  public Fleet existing(String identityName, String issuer, String subject) {
    credentials.add(new ExistingFederatedCredential(id(identityName), issuer, subject));
    return this;
  }

  /** {@code count} credentials for other subjects already on the identity. */
  public Fleet existingOthers(String identityName, int count) {
    for (int i = 0; i < count; i++) {
      existing(
          identityName, "https://other.example/issuer/", "system:serviceaccount:elsewhere:sa-" + i);
    }
    return this;
  }

  public FleetView view() {
    return new FleetView(clusters, workloads, podIdentities, triggerAuthentications, credentials);
  }

  public MigrationPlan plan() {
    return plan(ALL);
  }

  public MigrationPlan plan(MigrationSelector selector) {
    return new MigrationPlanner().plan(view(), selector);
  }

  public static W w(String clusterId, String namespace, String name) {
    return new W(clusterId, namespace, name);
  }

  /** One workload; defaults: Deployment, own SA named like it, identity "id-app", legacy SDK. */
  public static final class W {
    final String clusterId;
    final String namespace;
    final String name;
    WorkloadKind kind = WorkloadKind.DEPLOYMENT;
    String serviceAccount;
    String selector;
    List<PodIdentityBindingRef> bindings;
    OperatingSystem os = OperatingSystem.LINUX;
    boolean hostNetwork;
    SdkGeneration sdk = SdkGeneration.LEGACY;
    String podSecurityLevel;
    WorkloadIdentityState wi = new WorkloadIdentityState(false, null, false, false);
    Map<String, String> labels = Map.of();
    Instant observedAt = T0;

    W(String clusterId, String namespace, String name) {
      this.clusterId = clusterId;
      this.namespace = namespace;
      this.name = name;
      this.serviceAccount = name;
      identity("id-app");
    }

    public W kind(WorkloadKind kind) {
      this.kind = kind;
      return this;
    }

    public W sa(String serviceAccount) {
      this.serviceAccount = serviceAccount;
      return this;
    }

    public W identity(String identityName) {
      return identities(identityName);
    }

    public W identities(String... identityNames) {
      selector = identityNames[0];
      bindings = new ArrayList<>();
      for (String n : identityNames) {
        bindings.add(
            new PodIdentityBindingRef(
                n.toLowerCase().replace('_', '-') + "-binding",
                n.toLowerCase().replace('_', '-'),
                id(n),
                clientId(n),
                0));
      }
      return this;
    }

    public W binding(PodIdentityBindingRef binding) {
      selector = "custom";
      bindings = List.of(binding);
      return this;
    }

    public W noPodIdentity() {
      selector = null;
      bindings = List.of();
      return this;
    }

    public W selectorWithoutBinding() {
      selector = "orphan";
      bindings = List.of();
      return this;
    }

    public W os(OperatingSystem os) {
      this.os = os;
      return this;
    }

    public W hostNetwork() {
      this.hostNetwork = true;
      return this;
    }

    public W sdk(SdkGeneration sdk) {
      this.sdk = sdk;
      return this;
    }

    public W psa(String level) {
      this.podSecurityLevel = level;
      return this;
    }

    public W onWorkloadId(String clientId) {
      this.wi = new WorkloadIdentityState(true, clientId, true, true);
      return this;
    }

    public W saAnnotated(String clientId) {
      this.wi = new WorkloadIdentityState(false, clientId, false, false);
      return this;
    }

    public W labels(Map<String, String> labels) {
      this.labels = labels;
      return this;
    }

    public W at(Instant observedAt) {
      this.observedAt = observedAt;
      return this;
    }

    public String key() {
      return new WorkloadRef(clusterId, namespace, kind, name).key();
    }

    public WorkloadObserved build() {
      return new WorkloadObserved(
          new WorkloadRef(clusterId, namespace, kind, name),
          serviceAccount,
          selector,
          bindings,
          os,
          hostNetwork,
          List.of(new ContainerInfo("app", "registry.example/" + name + ":1", false)),
          sdk,
          podSecurityLevel,
          wi,
          labels,
          observedAt,
          false);
    }
  }
}
