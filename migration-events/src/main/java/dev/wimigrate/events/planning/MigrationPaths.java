package dev.wimigrate.events.planning;

import dev.wimigrate.events.common.MigrationPath;
import dev.wimigrate.events.common.OperatingSystem;
import dev.wimigrate.events.common.SdkGeneration;
import dev.wimigrate.events.inventory.PodIdentityBindingRef;
import dev.wimigrate.events.inventory.WorkloadObserved;
import java.util.List;

/**
 * The per-workload path rule of the Microsoft migration guide, shared by the planner and the
 * agent's {@code discover} report so both say the same thing.
 *
 * <ul>
 *   <li>An SDK that speaks Workload ID (hint {@code latest}) runs both identities in parallel:
 *       {@code LATEST_SDK}, on any OS.
 *   <li>Otherwise the SDK is treated as one that only knows IMDS: the proxy sidecar answers its
 *       IMDS calls, which needs Linux and a pod network of its own ({@code SIDECAR}); anything else
 *       must be rewritten.
 * </ul>
 */
public final class MigrationPaths {

  private MigrationPaths() {}

  public static PlannedPath choose(WorkloadObserved workload) {
    List<PodIdentityBindingRef> bindings = workload.bindings();
    if (workload.podIdentitySelector() != null && bindings.isEmpty()) {
      return rewrite(
          "label aadpodidbinding="
              + workload.podIdentitySelector()
              + " matches no AzureIdentityBinding: there is no identity to migrate");
    }
    for (PodIdentityBindingRef binding : bindings) {
      if (binding.identityResourceId() == null || binding.clientId() == null) {
        return rewrite(
            "AzureIdentity "
                + binding.identityName()
                + " is missing or has no resourceID/clientID");
      }
      if (binding.identityType() != 0) {
        return rewrite(
            "AzureIdentity "
                + binding.identityName()
                + " is a service principal (type "
                + binding.identityType()
                + "); only user-assigned managed identities are federated");
      }
    }
    return choose(
        workload.sdkHint(), workload.os(), workload.hostNetwork(), workload.podSecurityLevel());
  }

  public static PlannedPath choose(
      SdkGeneration sdk, OperatingSystem os, boolean hostNetwork, String podSecurityLevel) {
    if (sdk == SdkGeneration.LATEST) {
      return new PlannedPath(
          MigrationPath.LATEST_SDK,
          false,
          "SDK supports Workload ID: run both identities in parallel, verify, then remove pod identity");
    }
    String sdkWord = sdk == SdkGeneration.LEGACY ? "legacy SDK" : "SDK generation unknown";
    if (os == OperatingSystem.WINDOWS) {
      return rewrite(sdkWord + " on Windows: the IMDS proxy sidecar is Linux-only");
    }
    if (os == OperatingSystem.UNKNOWN) {
      return rewrite(sdkWord + " and the pods may run on Windows: the sidecar needs Linux");
    }
    if (hostNetwork) {
      return rewrite(
          sdkWord
              + " with hostNetwork: the sidecar's iptables rules would change the node's network");
    }
    if ("baseline".equals(podSecurityLevel) || "restricted".equals(podSecurityLevel)) {
      return new PlannedPath(
          MigrationPath.SIDECAR,
          true,
          sdkWord
              + ": IMDS proxy sidecar without the privileged init container (Pod Security '"
              + podSecurityLevel
              + "'); the app's SDK must honour an IMDS endpoint override, else rewrite");
    }
    return new PlannedPath(
        MigrationPath.SIDECAR,
        false,
        sdkWord + " on Linux: IMDS proxy sidecar does the token exchange");
  }

  private static PlannedPath rewrite(String reason) {
    return new PlannedPath(MigrationPath.REWRITE_REQUIRED, false, reason);
  }
}
