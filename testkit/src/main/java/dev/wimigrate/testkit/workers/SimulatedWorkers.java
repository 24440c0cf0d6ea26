package dev.wimigrate.testkit.workers;

import dev.wimigrate.events.cluster.CleanedUp;
import dev.wimigrate.events.cluster.CleanupPodIdentity;
import dev.wimigrate.events.cluster.EnsureServiceAccount;
import dev.wimigrate.events.cluster.PatchWorkload;
import dev.wimigrate.events.cluster.Rollback;
import dev.wimigrate.events.cluster.RolledBack;
import dev.wimigrate.events.cluster.RolloutRestart;
import dev.wimigrate.events.cluster.ServiceAccountReady;
import dev.wimigrate.events.cluster.VerifyWorkload;
import dev.wimigrate.events.cluster.WorkloadPatched;
import dev.wimigrate.events.cluster.WorkloadRolledOut;
import dev.wimigrate.events.cluster.WorkloadVerified;
import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.StepFailed;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.common.StepResult;
import dev.wimigrate.events.common.WorkloadRef;
import dev.wimigrate.events.federation.CreateFederatedCredential;
import dev.wimigrate.events.federation.DeleteFederatedCredential;
import dev.wimigrate.events.federation.FederatedCredentialDeleted;
import dev.wimigrate.events.federation.FederatedCredentialReady;
import dev.wimigrate.events.identity.ClusterWorkloadIdentityEnabled;
import dev.wimigrate.events.identity.CopyRoleAssignments;
import dev.wimigrate.events.identity.EnableClusterWorkloadIdentity;
import dev.wimigrate.events.identity.EnsureManagedIdentity;
import dev.wimigrate.events.identity.IdentityReady;
import dev.wimigrate.events.identity.PodIdentityRemoved;
import dev.wimigrate.events.identity.RemovePodIdentity;
import dev.wimigrate.events.identity.RoleAssignmentsCopied;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * What identity-service, federation-service and cluster-agent answer when everything works, for
 * tests that drive the saga without those services. Failures are arranged per test by wrapping.
 */
public final class SimulatedWorkers implements Function<Event, StepResult> {

  public static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

  public static String clientIdOf(String resourceId) {
    return uuid("client:" + resourceId.toLowerCase());
  }

  public static String issuerOf(String clusterId) {
    return "https://oidc.simulated.example/" + clusterId + "/";
  }

  @Override
  public StepResult apply(Event command) {
    if (command instanceof EnsureManagedIdentity c) {
      return new IdentityReady(
          c.step(),
          c.resourceId(),
          clientIdOf(c.resourceId()),
          uuid("principal:" + c.resourceId().toLowerCase()),
          TENANT,
          c.create(),
          c.create() ? c.location() : "westeurope");
    }
    if (command instanceof CopyRoleAssignments c) {
      return new RoleAssignmentsCopied(
          c.step(), c.fromResourceId(), c.toResourceId(), 2, List.of("Reader", "Contributor"));
    }
    if (command instanceof EnableClusterWorkloadIdentity c) {
      return new ClusterWorkloadIdentityEnabled(c.step(), c.clusterId(), issuerOf(c.clusterId()));
    }
    if (command instanceof CreateFederatedCredential c) {
      return new FederatedCredentialReady(
          c.step(),
          c.identityResourceId(),
          c.credentialName(),
          c.issuer(),
          c.subject(),
          true,
          Duration.ofSeconds(4));
    }
    if (command instanceof DeleteFederatedCredential c) {
      return new FederatedCredentialDeleted(c.step(), c.identityResourceId(), c.credentialName());
    }
    if (command instanceof RemovePodIdentity c) {
      return new PodIdentityRemoved(
          c.step(), c.clusterId(), c.podIdentityNames(), c.disableAddon());
    }
    if (command instanceof EnsureServiceAccount c) {
      return new ServiceAccountReady(
          c.step(),
          c.workload(),
          c.serviceAccount(),
          !c.dryRun(),
          "+ azure.workload.identity/client-id: " + c.clientId());
    }
    if (command instanceof PatchWorkload c) {
      return new WorkloadPatched(
          c.step(), c.workload(), true, "+ serviceAccountName: " + c.serviceAccountName());
    }
    if (command instanceof RolloutRestart c) {
      return new WorkloadRolledOut(c.step(), c.workload(), "2");
    }
    if (command instanceof VerifyWorkload c) {
      return new WorkloadVerified(c.step(), c.workload(), 2, true, true, true);
    }
    if (command instanceof CleanupPodIdentity c) {
      return new CleanedUp(
          c.step(),
          c.workload(),
          List.of("AzureIdentityBinding/" + c.workload().name()),
          List.of(c.workload().kind().kubernetesName() + "/" + c.workload().name()));
    }
    if (command instanceof Rollback c) {
      return new RolledBack(
          c.step(),
          c.workload(),
          List.of(c.workload().kind().kubernetesName() + "/" + c.workload().name()));
    }
    throw new IllegalArgumentException("no simulated answer for " + command);
  }

  /** The failure a worker reports for a command. */
  public static StepFailed failure(
      Event command, String code, String reason, boolean retryable, Instant at) {
    StepRef step = stepOf(command);
    WorkloadRef workload =
        command instanceof dev.wimigrate.events.cluster.ClusterCommand c ? c.workload() : null;
    return new StepFailed(
        step,
        command instanceof dev.wimigrate.events.cluster.ClusterCommand
            ? "cluster-agent"
            : "identity-service",
        command.getClass().getSimpleName(),
        workload,
        code,
        reason,
        retryable,
        at);
  }

  public static StepRef stepOf(Event command) {
    if (command instanceof dev.wimigrate.events.cluster.ClusterCommand c) {
      return c.step();
    }
    if (command instanceof dev.wimigrate.events.identity.IdentityCommand c) {
      return c.step();
    }
    if (command instanceof dev.wimigrate.events.federation.FederationCommand c) {
      return c.step();
    }
    throw new IllegalArgumentException("not a command: " + command);
  }

  private static String uuid(String seed) {
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
