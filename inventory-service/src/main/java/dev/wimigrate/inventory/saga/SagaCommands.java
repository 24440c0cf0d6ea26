package dev.wimigrate.inventory.saga;

import dev.wimigrate.events.cluster.CleanupPodIdentity;
import dev.wimigrate.events.cluster.EnsureServiceAccount;
import dev.wimigrate.events.cluster.PatchWorkload;
import dev.wimigrate.events.cluster.Rollback;
import dev.wimigrate.events.cluster.RolloutRestart;
import dev.wimigrate.events.cluster.VerifyWorkload;
import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.ServiceAccountRef;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.federation.CreateFederatedCredential;
import dev.wimigrate.events.federation.DeleteFederatedCredential;
import dev.wimigrate.events.identity.CopyRoleAssignments;
import dev.wimigrate.events.identity.EnableClusterWorkloadIdentity;
import dev.wimigrate.events.identity.EnsureManagedIdentity;
import dev.wimigrate.events.identity.RemovePodIdentity;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the command for a step from its spec and what earlier steps reported. Pure: the same step
 * and outputs give the same command, which is what makes re-sending after a restart safe.
 */
final class SagaCommands {

  static final String CLIENT_ID = "clientId";
  static final String TENANT_ID = "tenantId";
  static final String LOCATION = "location";
  static final String ISSUER = "issuer";
  static final String CREATED = "created";

  private SagaCommands() {}

  /**
   * @throws StepCannotRun when an earlier step did not report what this one needs
   */
  static Event command(
      Step step,
      String migrationId,
      boolean dryRun,
      SagaSettings settings,
      Function<String, Step> steps) {
    StepRef ref = new StepRef(migrationId, step.id(), step.attempt());
    StepSpec spec = step.spec();
    if (spec instanceof StepSpec.EnableCluster s) {
      if (s.clusterResourceId() == null) {
        throw new StepCannotRun(
            "NoClusterResourceId",
            "the ARM id of cluster "
                + s.clusterId()
                + " is unknown: set CLUSTER_RESOURCE_ID on its cluster-agent so the OIDC issuer"
                + " and Workload ID can be enabled");
      }
      return new EnableClusterWorkloadIdentity(ref, s.clusterId(), s.clusterResourceId());
    }
    if (spec instanceof StepSpec.EnsureIdentity s) {
      String location =
          s.locationStep() == null ? null : need(steps, s.locationStep(), LOCATION, step);
      return new EnsureManagedIdentity(
          ref,
          s.resourceId(),
          s.create(),
          location,
          s.create() ? Map.of("wimigrate.dev/migration", migrationId) : Map.of());
    }
    if (spec instanceof StepSpec.CopyRoles s) {
      return new CopyRoleAssignments(ref, s.fromResourceId(), s.toResourceId());
    }
    if (spec instanceof StepSpec.CreateCredential s) {
      String issuer =
          s.clusterStep() != null ? need(steps, s.clusterStep(), ISSUER, step) : s.issuer();
      if (issuer == null) {
        throw new StepCannotRun(
            "NoIssuer", "cluster " + s.clusterId() + " has no OIDC issuer to trust");
      }
      return new CreateFederatedCredential(
          ref,
          s.identityResourceId(),
          issuer,
          new ServiceAccountRef(s.namespace(), s.serviceAccount()),
          s.clusterId(),
          List.of(CreateFederatedCredential.TOKEN_EXCHANGE_AUDIENCE));
    }
    if (spec instanceof StepSpec.EnsureServiceAccount s) {
      return new EnsureServiceAccount(
          ref,
          s.workload(),
          new ServiceAccountRef(s.workload().namespace(), s.serviceAccount()),
          need(steps, s.identityStep(), CLIENT_ID, step),
          need(steps, s.identityStep(), TENANT_ID, step),
          settings.tokenExpirationSeconds(),
          dryRun);
    }
    if (spec instanceof StepSpec.PatchWorkload s) {
      return new PatchWorkload(
          ref,
          s.workload(),
          s.serviceAccount(),
          s.sidecar(),
          s.sidecar() ? settings.proxySidecarPort() : null,
          true, // parallel run: pod identity keeps working until verified and cleaned up
          dryRun);
    }
    if (spec instanceof StepSpec.Rollout s) {
      return new RolloutRestart(ref, s.workload(), dryRun);
    }
    if (spec instanceof StepSpec.Verify s) {
      return new VerifyWorkload(ref, s.workload(), settings.verifyTimeout(), dryRun);
    }
    if (spec instanceof StepSpec.Cleanup s) {
      return new CleanupPodIdentity(ref, s.workload(), s.identityResourceId(), dryRun);
    }
    if (spec instanceof StepSpec.RemovePodIdentity s) {
      return new RemovePodIdentity(
          ref, s.clusterId(), s.clusterResourceId(), s.podIdentities(), s.disableAddon());
    }
    if (spec instanceof StepSpec.Rollback s) {
      return new Rollback(ref, s.workload(), dryRun);
    }
    if (spec instanceof StepSpec.DeleteCredential s) {
      return new DeleteFederatedCredential(
          ref,
          s.identityResourceId(),
          s.issuer(),
          new ServiceAccountRef(s.namespace(), s.serviceAccount()));
    }
    throw new IllegalStateException("no command for " + spec);
  }

  private static String need(
      Function<String, Step> steps, String stepId, String output, Step forStep) {
    Step earlier = steps.apply(stepId);
    String value = earlier == null ? null : earlier.output(output);
    if (value == null) {
      throw new StepCannotRun(
          "MissingInput",
          forStep.kind().slug()
              + " needs the "
              + output
              + " reported by step "
              + stepId
              + ", which has none");
    }
    return value;
  }

  /** The step can't be built: a non-retryable failure of the step itself. */
  static final class StepCannotRun extends RuntimeException {
    private final String code;

    StepCannotRun(String code, String message) {
      super(message);
      this.code = code;
    }

    String code() {
      return code;
    }
  }
}
