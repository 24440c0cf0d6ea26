package dev.wimigrate.inventory.saga;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.wimigrate.events.common.WorkloadRef;
import java.util.List;

/**
 * What a step asks for, enough to build its command again after a restart. Values other steps learn
 * (client id, issuer, region) are referred to by the id of the step that reports them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(StepSpec.EnableCluster.class),
  @JsonSubTypes.Type(StepSpec.EnsureIdentity.class),
  @JsonSubTypes.Type(StepSpec.CopyRoles.class),
  @JsonSubTypes.Type(StepSpec.CreateCredential.class),
  @JsonSubTypes.Type(StepSpec.EnsureServiceAccount.class),
  @JsonSubTypes.Type(StepSpec.PatchWorkload.class),
  @JsonSubTypes.Type(StepSpec.Rollout.class),
  @JsonSubTypes.Type(StepSpec.Verify.class),
  @JsonSubTypes.Type(StepSpec.Cleanup.class),
  @JsonSubTypes.Type(StepSpec.RemovePodIdentity.class),
  @JsonSubTypes.Type(StepSpec.Rollback.class),
  @JsonSubTypes.Type(StepSpec.DeleteCredential.class)
})
public sealed interface StepSpec {

  StepKind kind();

  record EnableCluster(String clusterId, String clusterResourceId) implements StepSpec {
    public StepKind kind() {
      return StepKind.ENABLE_CLUSTER;
    }
  }

  /** {@code locationStep}: for an overflow identity, the ensure step of the original. */
  record EnsureIdentity(String resourceId, boolean create, String locationStep)
      implements StepSpec {
    public StepKind kind() {
      return StepKind.ENSURE_IDENTITY;
    }
  }

  record CopyRoles(String fromResourceId, String toResourceId) implements StepSpec {
    public StepKind kind() {
      return StepKind.COPY_ROLES;
    }
  }

  /**
   * {@code issuer} as planned; {@code clusterStep} (when the cluster is being enabled) reports the
   * issuer Azure really serves, which wins.
   */
  record CreateCredential(
      String identityResourceId,
      String issuer,
      String clusterStep,
      String clusterId,
      String namespace,
      String serviceAccount)
      implements StepSpec {
    public StepKind kind() {
      return StepKind.CREATE_CREDENTIAL;
    }
  }

  record EnsureServiceAccount(WorkloadRef workload, String serviceAccount, String identityStep)
      implements StepSpec {
    public StepKind kind() {
      return StepKind.ENSURE_SERVICE_ACCOUNT;
    }
  }

  record PatchWorkload(WorkloadRef workload, String serviceAccount, boolean sidecar)
      implements StepSpec {
    public StepKind kind() {
      return StepKind.PATCH_WORKLOAD;
    }
  }

  record Rollout(WorkloadRef workload) implements StepSpec {
    public StepKind kind() {
      return StepKind.ROLLOUT;
    }
  }

  /** {@code sidecar}: the verified pods must carry the proxy sidecar too. */
  record Verify(WorkloadRef workload, boolean sidecar) implements StepSpec {
    public StepKind kind() {
      return StepKind.VERIFY;
    }
  }

  record Cleanup(WorkloadRef workload, String identityResourceId) implements StepSpec {
    public StepKind kind() {
      return StepKind.CLEANUP;
    }
  }

  /** Decided when the step starts: which pod identities go, and whether the add-on goes too. */
  record RemovePodIdentity(
      String clusterId, String clusterResourceId, List<String> podIdentities, boolean disableAddon)
      implements StepSpec {
    public RemovePodIdentity {
      podIdentities = List.copyOf(podIdentities);
    }

    public StepKind kind() {
      return StepKind.REMOVE_POD_IDENTITY;
    }
  }

  record Rollback(WorkloadRef workload) implements StepSpec {
    public StepKind kind() {
      return StepKind.ROLLBACK;
    }
  }

  record DeleteCredential(
      String identityResourceId, String issuer, String namespace, String serviceAccount)
      implements StepSpec {
    public StepKind kind() {
      return StepKind.DELETE_CREDENTIAL;
    }
  }
}
