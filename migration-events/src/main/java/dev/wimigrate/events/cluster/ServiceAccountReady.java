package dev.wimigrate.events.cluster;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.Nullable;
import dev.wimigrate.events.common.ServiceAccountRef;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.common.WorkloadRef;

/** The service account is set up; {@code diff} shows what changed (or would, in a dry run). */
public record ServiceAccountReady(
    StepRef step,
    WorkloadRef workload,
    ServiceAccountRef serviceAccount,
    boolean changed,
    @Nullable String diff)
    implements ClusterResult {

  public static final String TYPE = "dev.wimigrate.cluster.ServiceAccountReady.v1";

  public ServiceAccountReady {
    Checks.notNull("step", step);
    Checks.notNull("workload", workload);
    Checks.notNull("serviceAccount", serviceAccount);
    Checks.noJwt("diff", diff);
  }
}
