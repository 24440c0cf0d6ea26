package dev.wimigrate.webhook.mutation;

import java.util.Objects;

/**
 * The webhook-wide inputs of a mutation, fixed at start-up.
 *
 * @param layout where the token goes (v1.6 by default)
 * @param tenantId default {@code AZURE_TENANT_ID} when the service account names none
 * @param authorityHost {@code AZURE_AUTHORITY_HOST} of the configured cloud
 * @param audience audience of the projected token
 * @param proxyImage image of the IMDS proxy sidecar
 * @param proxyInitImage image of the iptables init container
 * @param proxyLogLevel {@code --log-level} given to the proxy
 * @param proxyUid user the proxy runs as; the iptables rules exempt it
 * @param proxyProbeCommand the proxy binary, run with {@code --probe} as postStart hook
 * @param nativeSidecars whether the apiserver runs native sidecars (Kubernetes 1.32 or later)
 */
public record MutationSettings(
    TokenLayout layout,
    String tenantId,
    String authorityHost,
    String audience,
    String proxyImage,
    String proxyInitImage,
    String proxyLogLevel,
    long proxyUid,
    String proxyProbeCommand,
    boolean nativeSidecars) {

  public static final String DEFAULT_AUDIENCE = "api://AzureADTokenExchange";
  public static final String DEFAULT_PROXY_IMAGE = "wimigrate/proxy:0.1.0";
  public static final String DEFAULT_PROXY_INIT_IMAGE = "wimigrate/proxy-init:0.1.0";
  public static final long DEFAULT_PROXY_UID = 1501;

  public MutationSettings {
    Objects.requireNonNull(layout, "layout");
    if (tenantId == null || tenantId.isBlank()) {
      throw new IllegalArgumentException(
          "AZURE_TENANT_ID not set: the webhook needs a default tenant id");
    }
    Objects.requireNonNull(authorityHost, "authorityHost");
    if (audience == null || audience.isBlank()) {
      audience = DEFAULT_AUDIENCE;
    }
    Objects.requireNonNull(proxyImage, "proxyImage");
    Objects.requireNonNull(proxyInitImage, "proxyInitImage");
    proxyLogLevel = proxyLogLevel == null || proxyLogLevel.isBlank() ? "info" : proxyLogLevel;
    Objects.requireNonNull(proxyProbeCommand, "proxyProbeCommand");
  }

  /** Defaults for everything but the tenant, for a given layout and Kubernetes version. */
  public static MutationSettings defaults(
      TokenLayout layout, String tenantId, KubernetesVersion kubernetesVersion) {
    return new MutationSettings(
        layout,
        tenantId,
        AzureEnvironment.AZURE_PUBLIC_CLOUD.authorityHost(),
        DEFAULT_AUDIENCE,
        DEFAULT_PROXY_IMAGE,
        DEFAULT_PROXY_INIT_IMAGE,
        "info",
        DEFAULT_PROXY_UID,
        "/proxy",
        kubernetesVersion.supportsNativeSidecars());
  }

  public MutationSettings withLayout(TokenLayout newLayout) {
    return new MutationSettings(
        newLayout,
        tenantId,
        authorityHost,
        audience,
        proxyImage,
        proxyInitImage,
        proxyLogLevel,
        proxyUid,
        proxyProbeCommand,
        nativeSidecars);
  }

  public MutationSettings withNativeSidecars(boolean enabled) {
    return new MutationSettings(
        layout,
        tenantId,
        authorityHost,
        audience,
        proxyImage,
        proxyInitImage,
        proxyLogLevel,
        proxyUid,
        proxyProbeCommand,
        enabled);
  }
}
