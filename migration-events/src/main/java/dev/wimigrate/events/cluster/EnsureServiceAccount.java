package dev.wimigrate.events.cluster;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.InvalidFieldException;
import dev.wimigrate.events.common.Nullable;
import dev.wimigrate.events.common.SchemaHint;
import dev.wimigrate.events.common.ServiceAccountRef;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.common.WorkloadRef;

/**
 * Create or annotate the workload's service account for Workload ID ({@code
 * azure.workload.identity/client-id}, {@code tenant-id}, optional {@code
 * service-account-token-expiration}).
 */
public record EnsureServiceAccount(
    StepRef step,
    WorkloadRef workload,
    ServiceAccountRef serviceAccount,
    @SchemaHint(format = "uuid") String clientId,
    @SchemaHint(format = "uuid") String tenantId,
    @Nullable
        @SchemaHint(
            minimum = EnsureServiceAccount.MIN_TOKEN_SECONDS,
            maximum = EnsureServiceAccount.MAX_TOKEN_SECONDS)
        Long tokenExpirationSeconds,
    boolean dryRun)
    implements ClusterCommand {

  public static final String TYPE = "dev.wimigrate.cluster.EnsureServiceAccount.v1";

  /** The range the Workload ID webhook accepts for the token expiration annotation. */
  public static final long MIN_TOKEN_SECONDS = 3600;

  public static final long MAX_TOKEN_SECONDS = 86400;

  public EnsureServiceAccount {
    Checks.notNull("step", step);
    Checks.notNull("workload", workload);
    Checks.notNull("serviceAccount", serviceAccount);
    if (!serviceAccount.namespace().equals(workload.namespace())) {
      throw new InvalidFieldException(
          "serviceAccount.namespace",
          "must be the workload's namespace "
              + Checks.quote(workload.namespace())
              + ", got "
              + Checks.quote(serviceAccount.namespace()));
    }
    Checks.uuid("clientId", clientId);
    Checks.uuid("tenantId", tenantId);
    if (tokenExpirationSeconds != null) {
      Checks.between(
          "tokenExpirationSeconds", tokenExpirationSeconds, MIN_TOKEN_SECONDS, MAX_TOKEN_SECONDS);
    }
  }
}
