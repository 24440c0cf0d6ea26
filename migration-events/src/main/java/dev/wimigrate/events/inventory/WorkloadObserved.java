package dev.wimigrate.events.inventory;

import dev.wimigrate.events.common.Checks;
import dev.wimigrate.events.common.InvalidFieldException;
import dev.wimigrate.events.common.Nullable;
import dev.wimigrate.events.common.OperatingSystem;
import dev.wimigrate.events.common.SchemaHint;
import dev.wimigrate.events.common.SdkGeneration;
import dev.wimigrate.events.common.WorkloadRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The current state of one workload, everything the planner needs. Sent on every relevant change
 * and, with {@code snapshot} set, as part of a full snapshot (closed by {@link SnapshotCompleted}).
 */
public record WorkloadObserved(
    WorkloadRef workload,
    @SchemaHint(pattern = Checks.DNS_SUBDOMAIN) String serviceAccountName,
    @Nullable String podIdentitySelector,
    List<PodIdentityBindingRef> bindings,
    OperatingSystem os,
    boolean hostNetwork,
    List<ContainerInfo> containers,
    SdkGeneration sdkHint,
    @Nullable @SchemaHint(pattern = "^(privileged|baseline|restricted)$") String podSecurityLevel,
    WorkloadIdentityState wiState,
    Map<String, String> labels,
    Instant observedAt,
    boolean snapshot)
    implements InventoryEvent {

  public static final String TYPE = "dev.wimigrate.inventory.WorkloadObserved.v1";

  /** The pod label aad-pod-identity matches against AzureIdentityBinding selectors. */
  public static final String POD_IDENTITY_LABEL = "aadpodidbinding";

  private static final Set<String> POD_SECURITY_LEVELS =
      Set.of("privileged", "baseline", "restricted");

  public WorkloadObserved {
    Checks.notNull("workload", workload);
    Checks.dnsSubdomain("serviceAccountName", serviceAccountName);
    if (podIdentitySelector != null) {
      Checks.notBlank("podIdentitySelector", podIdentitySelector);
    }
    bindings = Checks.list("bindings", bindings);
    Checks.notNull("os", os);
    containers = Checks.nonEmptyList("containers", containers);
    Checks.notNull("sdkHint", sdkHint);
    if (podSecurityLevel != null && !POD_SECURITY_LEVELS.contains(podSecurityLevel)) {
      throw new InvalidFieldException(
          "podSecurityLevel",
          "must be privileged, baseline or restricted, got " + Checks.quote(podSecurityLevel));
    }
    Checks.notNull("wiState", wiState);
    labels = Checks.map("labels", labels);
    Checks.notNull("observedAt", observedAt);
  }

  @Override
  public String clusterId() {
    return workload.clusterId();
  }

  @Override
  public String partitionKey() {
    return workload.key();
  }
}
