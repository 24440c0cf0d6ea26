package dev.wimigrate.webhook.mutation;

/** The label and annotation keys of Azure Workload Identity that the webhook reads. */
public final class Annotations {

  /** Pod label the webhook's objectSelector matches ({@code "true"}). */
  public static final String USE = "azure.workload.identity/use";

  /** Service account: the Entra application (client) id. */
  public static final String CLIENT_ID = "azure.workload.identity/client-id";

  /** Service account: the tenant id, overriding the webhook's {@code AZURE_TENANT_ID}. */
  public static final String TENANT_ID = "azure.workload.identity/tenant-id";

  /** Pod or service account: lifetime of the projected token, in seconds. */
  public static final String TOKEN_EXPIRATION =
      "azure.workload.identity/service-account-token-expiration";

  /** Pod: {@code ;}-separated container names that get neither env nor token mount. */
  public static final String SKIP_CONTAINERS = "azure.workload.identity/skip-containers";

  /** Pod: {@code "true"} injects the IMDS proxy sidecar and its iptables init container. */
  public static final String INJECT_PROXY_SIDECAR = "azure.workload.identity/inject-proxy-sidecar";

  /** Pod: the port the proxy sidecar listens on (default 8000). */
  public static final String PROXY_SIDECAR_PORT = "azure.workload.identity/proxy-sidecar-port";

  /**
   * Pod (wimigrate): {@code unprivileged} replaces the privileged iptables init container by an
   * endpoint override variable, for SDKs that honour it. {@code iptables} (the default) is the
   * reference behaviour.
   */
  public static final String PROXY_SIDECAR_MODE = "wimigrate.dev/proxy-sidecar-mode";

  private Annotations() {}
}
