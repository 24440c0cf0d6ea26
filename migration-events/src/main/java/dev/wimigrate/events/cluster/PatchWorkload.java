package dev.wimigrate.events.cluster;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.InvalidFieldException;
import dev.wimigrate.events.common.Nullable;
import dev.wimigrate.events.common.SchemaHint;
import dev.wimigrate.events.common.StepRef;
import dev.wimigrate.events.common.WorkloadRef;

/**
 * Switch the pod template to Workload ID: service account, {@code azure.workload.identity/use}
 * label, optionally the proxy sidecar. {@code keepPodIdentityLabel} keeps aadpodidbinding for the
 * parallel run until the workload is verified.
 */
public record PatchWorkload(
    StepRef step,
    WorkloadRef workload,
    @SchemaHint(pattern = Checks.DNS_SUBDOMAIN) String serviceAccountName,
    boolean injectProxySidecar,
    @Nullable @SchemaHint(minimum = 1, maximum = 65535) Integer proxySidecarPort,
    boolean keepPodIdentityLabel,
    boolean dryRun)
    implements ClusterCommand {

  public static final String TYPE = "dev.wimigrate.cluster.PatchWorkload.v1";

  public PatchWorkload {
    Checks.notNull("step", step);
    Checks.notNull("workload", workload);
    Checks.dnsSubdomain("serviceAccountName", serviceAccountName);
    if (proxySidecarPort != null) {
      if (!injectProxySidecar) {
        throw new InvalidFieldException(
            "proxySidecarPort", "must be absent unless injectProxySidecar is true");
      }
      Checks.between("proxySidecarPort", proxySidecarPort, 1, 65535);
    }
  }
}
