package dev.wimigrate.identity;

import dev.wimigrate.azurekit.AzureCallException;
import dev.wimigrate.azurekit.AzureCallMetrics;
import dev.wimigrate.azurekit.Retrier;
import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.Secrets;
import dev.wimigrate.events.common.StepFailed;
import dev.wimigrate.events.identity.ClusterWorkloadIdentityEnabled;
import dev.wimigrate.events.identity.CopyRoleAssignments;
import dev.wimigrate.events.identity.EnableClusterWorkloadIdentity;
import dev.wimigrate.events.identity.EnsureManagedIdentity;
import dev.wimigrate.events.identity.IdentityCommand;
import dev.wimigrate.events.identity.IdentityReady;
import dev.wimigrate.events.identity.PodIdentityRemoved;
import dev.wimigrate.events.identity.RemovePodIdentity;
import dev.wimigrate.events.identity.RoleAssignmentsCopied;
import dev.wimigrate.identity.azure.ArmId;
import dev.wimigrate.identity.azure.AzureResources;
import dev.wimigrate.identity.azure.AzureResources.Cluster;
import dev.wimigrate.identity.azure.ClusterOperation;
import dev.wimigrate.identity.azure.IdentityIds;
import dev.wimigrate.identity.cluster.ClusterDecision;
import dev.wimigrate.identity.cluster.ClusterPlanner;
import dev.wimigrate.identity.cluster.ClusterState;
import dev.wimigrate.identity.rbac.Assignment;
import dev.wimigrate.identity.rbac.RbacDiff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Carries out identity commands against Azure. Every command starts by reading Azure's current
 * state and writes only what is missing, so a re-delivered command changes nothing twice. Commands
 * about the same identity or cluster run one at a time; every ARM call goes through the retry
 * budget and is metered.
 */
public final class IdentityWorker {

  public static final String SERVICE = "identity-service";

  private static final Logger LOG = Logger.getLogger(IdentityWorker.class);

  /** How long-running cluster operations are waited for. */
  public record OperationWait(Duration pollInterval, Duration maxWait) {}

  /** Thrown inside a step to end it with a StepFailed of our own (not Azure's) code. */
  private static final class StepRefused extends Exception {
    final String code;
    final boolean retryable;

    StepRefused(String code, String reason, boolean retryable) {
      super(reason, null, false, false);
      this.code = code;
      this.retryable = retryable;
    }
  }

  private final AzureResources azure;
  private final Retrier retrier;
  private final AzureCallMetrics metrics;
  private final Retrier.Sleeper sleeper;
  private final Clock clock;
  private final OperationWait operations;
  private final ConcurrentHashMap<String, ReentrantLock> busy = new ConcurrentHashMap<>();

  public IdentityWorker(
      AzureResources azure,
      Retrier retrier,
      AzureCallMetrics metrics,
      Retrier.Sleeper sleeper,
      Clock clock,
      OperationWait operations) {
    this.azure = azure;
    this.retrier = retrier;
    this.metrics = metrics;
    this.sleeper = sleeper;
    this.clock = clock;
    this.operations = operations;
  }

  /** The command's result: an IdentityResult, or StepFailed with Azure's (or our) error code. */
  public Event handle(IdentityCommand command) throws InterruptedException {
    ReentrantLock lock =
        busy.computeIfAbsent(
            command.partitionKey().toLowerCase(Locale.ROOT), key -> new ReentrantLock(true));
    lock.lockInterruptibly();
    try {
      if (command instanceof EnsureManagedIdentity ensure) {
        return ensure(ensure);
      }
      if (command instanceof CopyRoleAssignments copy) {
        return copy(copy);
      }
      if (command instanceof EnableClusterWorkloadIdentity enable) {
        return enable(enable);
      }
      return remove((RemovePodIdentity) command);
    } catch (AzureCallException e) {
      return failed(
          command,
          e.code(),
          "Azure answered "
              + (e.status() == 0 ? "nothing" : "HTTP " + e.status())
              + ": "
              + e.getMessage(),
          e.isTransient() || "OperationNotAllowed".equals(e.code()));
    } catch (StepRefused e) {
      return failed(command, e.code, e.getMessage(), e.retryable);
    } finally {
      lock.unlock();
    }
  }

  // ------------------------------------------------------------------ identities

  private Event ensure(EnsureManagedIdentity command) throws StepRefused {
    String id = command.resourceId();
    IdentityIds found;
    try {
      found = call("getIdentity", () -> azure.getIdentity(id));
    } catch (AzureCallException e) {
      if (!"ResourceNotFound".equals(e.code())) {
        throw e;
      }
      if (!command.create()) {
        throw new StepRefused(
            "ResourceNotFound",
            "identity "
                + id
                + " does not exist and the command does not allow creating it (create=false)",
            false);
      }
      IdentityIds created =
          call(
              "createIdentity", () -> azure.createIdentity(id, command.location(), command.tags()));
      return ready(command, created, true);
    }
    return ready(command, found, false);
  }

  private IdentityReady ready(EnsureManagedIdentity command, IdentityIds ids, boolean created) {
    // the id as the command spells it: ARM answers with "resourcegroups" in lower case
    return new IdentityReady(
        command.step(),
        command.resourceId(),
        ids.clientId(),
        ids.principalId(),
        ids.tenantId(),
        created,
        ids.location());
  }

  // ------------------------------------------------------------------ role assignments

  private Event copy(CopyRoleAssignments command) {
    IdentityIds from = call("getIdentity", () -> azure.getIdentity(command.fromResourceId()));
    IdentityIds to = call("getIdentity", () -> azure.getIdentity(command.toResourceId()));
    String subscription = ArmId.identity(command.fromResourceId()).subscription();
    List<Assignment> source =
        call("listRoleAssignments", () -> azure.roleAssignments(subscription, from.principalId()));
    List<Assignment> target =
        call("listRoleAssignments", () -> azure.roleAssignments(subscription, to.principalId()));
    RbacDiff diff = RbacDiff.between(source, target);
    int copied = 0;
    for (Assignment missing : diff.missing()) {
      if (call(
          "createRoleAssignment",
          () -> azure.assignRole(subscription, missing, to.principalId()))) {
        copied++;
      }
    }
    if (!diff.extra().isEmpty()) {
      LOG.infof(
          "identity %s holds %d role assignments %s does not; left as they are",
          command.toResourceId(), diff.extra().size(), command.fromResourceId());
    }
    return new RoleAssignmentsCopied(
        command.step(),
        command.fromResourceId(),
        command.toResourceId(),
        copied,
        diff.missingDescribed());
  }

  // ------------------------------------------------------------------ managed clusters

  private Event enable(EnableClusterWorkloadIdentity command)
      throws StepRefused, InterruptedException {
    String id = command.clusterResourceId();
    Cluster cluster = idleCluster(id);
    ClusterState state =
        applied(id, cluster, ClusterPlanner.enableWorkloadIdentity(cluster.state()));
    if (!state.oidcIssuerEnabled()
        || !state.workloadIdentityEnabled()
        || state.issuerUrl() == null
        || state.issuerUrl().isBlank()) {
      throw new StepRefused(
          "WorkloadIdentityNotEnabled",
          "cluster "
              + id
              + " reports oidcIssuer="
              + state.oidcIssuerEnabled()
              + ", workloadIdentity="
              + state.workloadIdentityEnabled()
              + ", issuerURL="
              + state.issuerUrl()
              + " after the update",
          true);
    }
    return new ClusterWorkloadIdentityEnabled(
        command.step(), command.clusterId(), state.issuerUrl());
  }

  private Event remove(RemovePodIdentity command) throws StepRefused, InterruptedException {
    String id = command.clusterResourceId();
    Cluster cluster = idleCluster(id);
    ClusterDecision decision =
        ClusterPlanner.removePodIdentities(
            cluster.state(), command.podIdentityNames(), command.disableAddon());
    if (decision instanceof ClusterDecision.StillInUse inUse) {
      throw new StepRefused(
          "PodIdentityStillInUse",
          "not disabling the pod identity add-on of "
              + id
              + ": entries not named by the command remain "
              + inUse.remaining(),
          false);
    }
    ClusterState state = applied(id, cluster, decision);
    List<String> left =
        command.podIdentityNames().stream().filter(state.podIdentities()::contains).toList();
    if (!left.isEmpty() || (command.disableAddon() && state.podIdentityEnabled())) {
      throw new StepRefused(
          "PodIdentityNotRemoved",
          "cluster " + id + " still has " + left + ", add-on enabled=" + state.podIdentityEnabled(),
          true);
    }
    return new PodIdentityRemoved(
        command.step(),
        command.clusterId(),
        command.podIdentityNames(),
        !state.podIdentityEnabled());
  }

  /**
   * The cluster's state after the decision: as read when there is nothing to write, else after the
   * update's long-running operation ended, read again.
   */
  private ClusterState applied(String id, Cluster cluster, ClusterDecision decision)
      throws StepRefused, InterruptedException {
    if (!(decision instanceof ClusterDecision.Update update)) {
      return cluster.state();
    }
    ClusterOperation operation =
        call("updateManagedCluster", () -> azure.beginUpdate(id, cluster, update.change()));
    awaitOperation(id, operation);
    return settledCluster(id).state();
  }

  /** The cluster once no operation runs on it (ARM refuses writes meanwhile). */
  private Cluster idleCluster(String id) throws StepRefused, InterruptedException {
    Instant deadline = clock.instant().plus(operations.maxWait());
    Cluster cluster = call("getManagedCluster", () -> azure.getCluster(id));
    while (cluster.state().busy()) {
      pauseUntil(deadline, operations.pollInterval(), id, cluster.state().provisioningState());
      cluster = call("getManagedCluster", () -> azure.getCluster(id));
    }
    return cluster;
  }

  /** Polls the operation until it ends, as often as ARM's Retry-After allows. */
  private void awaitOperation(String id, ClusterOperation operation)
      throws StepRefused, InterruptedException {
    Instant deadline = clock.instant().plus(operations.maxWait());
    ClusterOperation.Status status = call("pollManagedClusterOperation", operation::poll);
    while (!status.done()) {
      Duration pause = operations.pollInterval();
      if (status.retryAfter() != null && status.retryAfter().compareTo(pause) > 0) {
        pause = status.retryAfter();
      }
      pauseUntil(deadline, pause, id, status.state());
      status = call("pollManagedClusterOperation", operation::poll);
    }
    if (!status.succeeded()) {
      LOG.warnf(
          "the operation on cluster %s was reported %s; the cluster's own state decides",
          id, status.state());
    }
  }

  /**
   * The cluster after our operation, read again: its {@code provisioningState} is the truth (a poll
   * answered with an error can make the SDK's poller report a failure that did not happen).
   */
  private Cluster settledCluster(String id) throws StepRefused, InterruptedException {
    Cluster cluster = idleCluster(id);
    String state = cluster.state().provisioningState();
    if (state != null && !"Succeeded".equalsIgnoreCase(state)) {
      throw new StepRefused(
          "ClusterOperation" + state, "the update of cluster " + id + " ended " + state, true);
    }
    return cluster;
  }

  private void pauseUntil(Instant deadline, Duration pause, String id, String state)
      throws StepRefused, InterruptedException {
    if (clock.instant().plus(pause).isAfter(deadline)) {
      throw new StepRefused(
          "ClusterOperationTimedOut",
          "cluster "
              + id
              + " was still "
              + state
              + " after "
              + operations.maxWait().toSeconds()
              + " s; a re-delivered command waits for it again",
          true);
    }
    sleeper.sleep(pause);
  }

  // ------------------------------------------------------------------ plumbing

  /** One metered ARM call, retried within the budget. */
  private <T> T call(String operation, Supplier<T> call) {
    return retrier.call(operation, () -> metrics.timed(operation, call));
  }

  private StepFailed failed(IdentityCommand command, String code, String reason, boolean retry) {
    return new StepFailed(
        command.step(),
        SERVICE,
        command.getClass().getSimpleName(),
        null,
        code,
        Secrets.redactJwts(subject(command) + ": " + reason),
        retry,
        clock.instant());
  }

  private static String subject(IdentityCommand command) {
    if (command instanceof EnsureManagedIdentity c) {
      return "identity " + c.resourceId();
    }
    if (command instanceof CopyRoleAssignments c) {
      return "copying role assignments from " + c.fromResourceId() + " to " + c.toResourceId();
    }
    if (command instanceof EnableClusterWorkloadIdentity c) {
      return "cluster " + c.clusterResourceId();
    }
    return "cluster " + ((RemovePodIdentity) command).clusterResourceId();
  }
}
