package dev.wimigrate.agent.commands;

/** The labels and annotations Workload ID, pod identity and wimigrate itself use. */
public final class WorkloadIdentityKeys {
  /** Pod (template) label the Workload ID webhook selects on; also set on the service account. */
  public static final String USE = "azure.workload.identity/use";

  public static final String CLIENT_ID = "azure.workload.identity/client-id";
  public static final String TENANT_ID = "azure.workload.identity/tenant-id";
  public static final String TOKEN_EXPIRATION =
      "azure.workload.identity/service-account-token-expiration";
  public static final String INJECT_PROXY_SIDECAR = "azure.workload.identity/inject-proxy-sidecar";
  public static final String PROXY_SIDECAR_PORT = "azure.workload.identity/proxy-sidecar-port";

  /** aad-pod-identity's pod label; its value is an AzureIdentityBinding selector. */
  public static final String POD_IDENTITY_LABEL = "aadpodidbinding";

  /** What {@code kubectl rollout restart} sets on the pod template. */
  public static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  /** The step that restarted the template last: a re-delivered restart is not repeated. */
  public static final String RESTART_STEP = "wimigrate.dev/restart-step";

  /** On the workload object: JSON of the state before the first change (see PreMigrationRecord). */
  public static final String PRE_MIGRATION = "wimigrate.dev/pre-migration";

  /** Env variables and volume the webhook injects. */
  public static final String ENV_CLIENT_ID = "AZURE_CLIENT_ID";

  public static final String ENV_TENANT_ID = "AZURE_TENANT_ID";
  public static final String ENV_TOKEN_FILE = "AZURE_FEDERATED_TOKEN_FILE";
  public static final String TOKEN_AUDIENCE = "api://AzureADTokenExchange";

  public static final String FIELD_MANAGER = "wimigrate";

  private WorkloadIdentityKeys() {}
}
