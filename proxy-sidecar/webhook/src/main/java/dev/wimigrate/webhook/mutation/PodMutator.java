package dev.wimigrate.webhook.mutation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wimigrate.webhook.jsonpatch.JsonDiff;
import dev.wimigrate.webhook.mutation.PodAnnotations.ProxyMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Azure Workload Identity mutation of one pod, as a pure function of the pod, its namespace,
 * its service account and the webhook settings (compat-azwi §1): token volume and mounts, the
 * {@code AZURE_*} environment, and on request the IMDS proxy sidecar with its iptables init
 * container.
 *
 * <p>Input is the pod as submitted (a JSON tree, so unknown fields survive untouched); output is
 * the RFC 6902 patch from that pod to the mutated one, or a denial with a precise reason. Running
 * it again on its own output yields an empty patch.
 */
public final class PodMutator {

  public static final String PROXY_CONTAINER = "azwi-proxy";
  public static final String PROXY_INIT_CONTAINER = "azwi-proxy-init";

  public static final String AZURE_CLIENT_ID = "AZURE_CLIENT_ID";
  public static final String AZURE_TENANT_ID = "AZURE_TENANT_ID";
  public static final String AZURE_FEDERATED_TOKEN_FILE = "AZURE_FEDERATED_TOKEN_FILE";
  public static final String AZURE_AUTHORITY_HOST = "AZURE_AUTHORITY_HOST";

  /**
   * The endpoint override that Python azure-identity 1.7+, Java azure-identity/msal4j and JS
   * {@code @azure/identity} honour (docs/research/imds-endpoint-overrides.md): they then call
   * {@code <host>/metadata/identity/oauth2/token} exactly as they call IMDS.
   */
  public static final String IMDS_ENDPOINT_OVERRIDE = "AZURE_POD_IDENTITY_AUTHORITY_HOST";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final MutationSettings settings;

  public PodMutator(MutationSettings settings) {
    this.settings = settings;
  }

  public MutationSettings settings() {
    return settings;
  }

  /**
   * The service account the pod runs as: {@code spec.serviceAccountName}, or {@code default}.
   *
   * @throws InvalidPodException when the field is not a string
   */
  public static String serviceAccountName(JsonNode pod) {
    JsonNode spec = pod == null ? null : pod.get("spec");
    JsonNode name = spec != null && spec.isObject() ? spec.get("serviceAccountName") : null;
    if (name == null || name.isNull()) {
      return "default";
    }
    if (!name.isTextual()) {
      throw new InvalidPodException("spec.serviceAccountName must be a string");
    }
    return name.asText().isEmpty() ? "default" : name.asText();
  }

  /**
   * Mutates {@code submitted}.
   *
   * @param submitted the pod from the admission request
   * @param namespace the request's namespace (pods of Deployments carry none in their metadata)
   * @param serviceAccount the pod's service account
   */
  public MutationResult mutate(
      JsonNode submitted, String namespace, ServiceAccountInfo serviceAccount) {
    try {
      return apply(submitted, namespace, serviceAccount);
    } catch (InvalidPodException e) {
      return MutationResult.badRequest(e.getMessage());
    }
  }

  private MutationResult apply(JsonNode submitted, String namespace, ServiceAccountInfo sa) {
    if (submitted == null || !submitted.isObject()) {
      throw new InvalidPodException("the admitted object is not a pod: expected a JSON object");
    }
    ObjectNode pod = ((ObjectNode) submitted).deepCopy();
    ObjectNode metadata = object(pod, "metadata", "metadata", true);
    ObjectNode spec = object(pod, "spec", "spec", false);
    if (spec == null) {
      throw new InvalidPodException("the pod has no spec");
    }
    String podName = podName(metadata);
    if (namespace != null && !namespace.isEmpty()) {
      metadata.put("namespace", namespace);
    }
    Map<String, String> annotations = annotations(metadata);
    List<String> warnings = new ArrayList<>();

    boolean injectProxy = PodAnnotations.injectProxySidecar(annotations);
    int proxyPort = PodAnnotations.DEFAULT_PROXY_PORT;
    ProxyMode proxyMode = ProxyMode.IPTABLES;
    if (injectProxy) {
      JsonNode hostNetwork = spec.get("hostNetwork");
      if (hostNetwork != null && hostNetwork.asBoolean(false)) {
        throw new InvalidPodException("hostNetwork is set to true, cannot inject proxy sidecar");
      }
      proxyPort = PodAnnotations.proxyPort(annotations);
      proxyMode = PodAnnotations.proxyMode(annotations);
    }
    long expiration = PodAnnotations.tokenExpiration(annotations, sa);
    Optional<String> clientId = PodAnnotations.clientId(sa);
    Optional<String> tenantId = PodAnnotations.tenantId(sa, settings.tenantId());
    Set<String> skip = PodAnnotations.skipContainers(annotations);
    TokenLayout layout = settings.layout();
    String volumeName = layout.volumeName(podName);

    if (injectProxy) {
      injectProxy(spec, proxyPort, proxyMode);
    }
    if (clientId.isEmpty()) {
      warnings.add(
          "service account "
              + sa.name()
              + " has no "
              + Annotations.CLIENT_ID
              + " annotation: AZURE_CLIENT_ID is not injected"
              + (injectProxy
                  ? ", so the proxy sidecar answers only requests naming a client_id"
                  : ""));
    }

    Map<String, String> env = new LinkedHashMap<>();
    clientId.ifPresent(v -> env.put(AZURE_CLIENT_ID, v));
    tenantId.ifPresent(v -> env.put(AZURE_TENANT_ID, v));
    env.put(AZURE_FEDERATED_TOKEN_FILE, layout.federatedTokenFile());
    env.put(AZURE_AUTHORITY_HOST, settings.authorityHost());
    Map<String, String> appEnv = new LinkedHashMap<>(env);
    if (injectProxy && proxyMode == ProxyMode.UNPRIVILEGED) {
      appEnv.put(IMDS_ENDPOINT_OVERRIDE, "http://127.0.0.1:" + proxyPort);
    }
    for (String list : new String[] {"initContainers", "containers"}) {
      ArrayNode containers = array(spec, list, "spec." + list, false);
      if (containers == null) {
        continue;
      }
      for (int i = 0; i < containers.size(); i++) {
        String where = "spec." + list + "[" + i + "]";
        JsonNode element = containers.get(i);
        if (!element.isObject()) {
          throw new InvalidPodException(where + " must be an object");
        }
        ObjectNode container = (ObjectNode) element;
        String name = text(container, "name", where + ".name");
        if (skip.contains(name)) {
          continue;
        }
        boolean proxyItself = name.equals(PROXY_CONTAINER) || name.equals(PROXY_INIT_CONTAINER);
        addEnv(container, proxyItself ? env : appEnv, where);
        addMount(container, volumeName, where);
      }
    }
    addVolume(spec, volumeName, expiration);
    return new MutationResult.Mutated(pod, JsonDiff.diff(submitted, pod), warnings);
  }

  // --- proxy -------------------------------------------------------------------------------

  private void injectProxy(ObjectNode spec, int port, ProxyMode mode) {
    ArrayNode containers = array(spec, "containers", "spec.containers", true);
    rejectPortClash(containers, port);
    ArrayNode initContainers = array(spec, "initContainers", "spec.initContainers", false);
    boolean hasProxy =
        hasNamed(containers, PROXY_CONTAINER)
            || (initContainers != null && hasNamed(initContainers, PROXY_CONTAINER));
    if (mode == ProxyMode.IPTABLES
        && (initContainers == null || !hasNamed(initContainers, PROXY_INIT_CONTAINER))) {
      if (initContainers == null) {
        initContainers = spec.putArray("initContainers");
      }
      // appended: user init containers run before the redirect exists
      initContainers.add(proxyInitContainer(port));
    }
    if (!hasProxy) {
      if (settings.nativeSidecars()) {
        if (initContainers == null) {
          initContainers = spec.putArray("initContainers");
        }
        initContainers.insert(0, proxyContainer(port, true));
      } else {
        // first, so that its postStart probe holds back the app containers
        containers.insert(0, proxyContainer(port, false));
      }
    }
  }

  private static void rejectPortClash(ArrayNode containers, int port) {
    for (JsonNode container : containers) {
      JsonNode name = container.path("name");
      if (!container.isObject() || PROXY_CONTAINER.equals(name.asText())) {
        continue;
      }
      for (JsonNode p : container.path("ports")) {
        if (p.path("containerPort").asInt(-1) == port) {
          throw new InvalidPodException(
              "proxy sidecar port "
                  + port
                  + " is already the containerPort of container "
                  + name.asText()
                  + "; choose another with annotation "
                  + Annotations.PROXY_SIDECAR_PORT);
        }
      }
    }
  }

  private ObjectNode proxyContainer(int port, boolean nativeSidecar) {
    ObjectNode c = JSON.objectNode();
    c.put("name", PROXY_CONTAINER);
    c.put("image", settings.proxyImage());
    c.put("imagePullPolicy", "IfNotPresent");
    c.putArray("args").add("--proxy-port=" + port).add("--log-level=" + settings.proxyLogLevel());
    c.putArray("ports").addObject().put("containerPort", port);
    c.putObject("lifecycle")
        .putObject("postStart")
        .putObject("exec")
        .putArray("command")
        .add(settings.proxyProbeCommand())
        .add("--proxy-port=" + port)
        .add("--probe")
        .add("--log-level=" + settings.proxyLogLevel());
    ObjectNode security = c.putObject("securityContext");
    security.put("allowPrivilegeEscalation", false);
    security.putObject("capabilities").putArray("drop").add("ALL");
    security.put("privileged", false);
    security.put("readOnlyRootFilesystem", true);
    security.put("runAsNonRoot", true);
    // explicit, so the iptables exemption (PROXY_UID) holds whatever the image's USER is
    security.set("runAsUser", number(settings.proxyUid()));
    if (nativeSidecar) {
      c.put("restartPolicy", "Always");
    }
    return c;
  }

  private ObjectNode proxyInitContainer(int port) {
    ObjectNode c = JSON.objectNode();
    c.put("name", PROXY_INIT_CONTAINER);
    c.put("image", settings.proxyInitImage());
    c.put("imagePullPolicy", "IfNotPresent");
    ObjectNode security = c.putObject("securityContext");
    ObjectNode capabilities = security.putObject("capabilities");
    capabilities.putArray("add").add("NET_ADMIN");
    capabilities.putArray("drop").add("ALL");
    security.put("privileged", true);
    security.put("runAsNonRoot", false);
    security.put("runAsUser", 0);
    ArrayNode env = c.putArray("env");
    env.addObject().put("name", "PROXY_PORT").put("value", Integer.toString(port));
    env.addObject().put("name", "PROXY_UID").put("value", Long.toString(settings.proxyUid()));
    return c;
  }

  // --- env, mounts, volume -----------------------------------------------------------------

  private static void addEnv(ObjectNode container, Map<String, String> desired, String where) {
    ArrayNode env = array(container, "env", where + ".env", false);
    Set<String> present = new java.util.HashSet<>();
    if (env != null) {
      for (int i = 0; i < env.size(); i++) {
        JsonNode entry = env.get(i);
        if (!entry.isObject()) {
          throw new InvalidPodException(where + ".env[" + i + "] must be an object");
        }
        present.add(entry.path("name").asText());
      }
    }
    for (Map.Entry<String, String> e : desired.entrySet()) {
      if (!present.contains(e.getKey())) {
        if (env == null) {
          env = container.putArray("env");
        }
        env.addObject().put("name", e.getKey()).put("value", e.getValue());
      }
    }
  }

  private void addMount(ObjectNode container, String volumeName, String where) {
    ArrayNode mounts = array(container, "volumeMounts", where + ".volumeMounts", false);
    int existing = mounts == null ? -1 : indexOfNamed(mounts, volumeName, where + ".volumeMounts");
    if (existing >= 0 && settings.layout() == TokenLayout.V1_5) {
      return; // v1.5 keeps a mount that is already there
    }
    if (existing < 0 && mounts != null) {
      // a token mount under another pod's hashed name (a pod copied from a mutated one): take it
      // over, where the reference would add a second mount at the same path (an invalid pod)
      existing = indexOfMountPath(mounts, settings.layout().mountPath());
    }
    ObjectNode mount = JSON.objectNode();
    mount.put("name", volumeName);
    mount.put("mountPath", settings.layout().mountPath());
    mount.put("readOnly", true);
    if (mounts == null) {
      mounts = container.putArray("volumeMounts");
    }
    if (existing >= 0) {
      mounts.set(existing, mount);
    } else {
      mounts.add(mount);
    }
  }

  private void addVolume(ObjectNode spec, String volumeName, long expiration) {
    ArrayNode volumes = array(spec, "volumes", "spec.volumes", false);
    int existing = volumes == null ? -1 : indexOfNamed(volumes, volumeName, "spec.volumes");
    ObjectNode volume = JSON.objectNode();
    volume.put("name", volumeName);
    ObjectNode projected = volume.putObject("projected");
    ObjectNode token = projected.putArray("sources").addObject().putObject("serviceAccountToken");
    token.put("path", settings.layout().tokenPath());
    token.put("expirationSeconds", (int) expiration); // at most 86400
    token.put("audience", settings.audience());
    if (settings.layout() == TokenLayout.V1_5) {
      if (volumes != null && hasTokenSource(volumes)) {
        return; // v1.5 keeps any projected token volume for azure-identity-token
      }
      if (existing >= 0) {
        throw new InvalidPodException(
            "volume "
                + volumeName
                + " already exists and is not a projected service account token with path "
                + settings.layout().tokenPath()
                + "; rename it or remove it");
      }
    }
    if (volumes == null) {
      volumes = spec.putArray("volumes");
    }
    if (existing >= 0) {
      // keep the apiserver-defaulted mode, so a stored pod mutates to itself
      JsonNode mode = volumes.get(existing).path("projected").get("defaultMode");
      if (mode != null) {
        projected.set("defaultMode", mode);
      }
      volumes.set(existing, volume);
    } else {
      volumes.add(volume);
    }
  }

  private boolean hasTokenSource(ArrayNode volumes) {
    for (JsonNode volume : volumes) {
      for (JsonNode source : volume.path("projected").path("sources")) {
        JsonNode path = source.path("serviceAccountToken").get("path");
        if (path != null && settings.layout().tokenPath().equals(path.asText())) {
          return true;
        }
      }
    }
    return false;
  }

  // --- shape helpers -------------------------------------------------------------------------

  /** An int node when the value fits, as the apiserver's JSON would parse. */
  private static JsonNode number(long value) {
    return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE
        ? JSON.numberNode((int) value)
        : JSON.numberNode(value);
  }

  private static String podName(ObjectNode metadata) {
    JsonNode name = metadata.get("name");
    if (name != null && name.isTextual() && !name.asText().isEmpty()) {
      return name.asText();
    }
    JsonNode generateName = metadata.get("generateName");
    return (generateName != null && generateName.isTextual() ? generateName.asText() : "")
        + " (prefix)";
  }

  private static Map<String, String> annotations(ObjectNode metadata) {
    JsonNode node = metadata.get("annotations");
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new InvalidPodException("metadata.annotations must be an object");
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new InvalidPodException(
            "metadata.annotations[\"" + e.getKey() + "\"] must be a string");
      }
      result.put(e.getKey(), e.getValue().asText());
    }
    return result;
  }

  private static ObjectNode object(ObjectNode parent, String field, String where, boolean create) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return create ? parent.putObject(field) : null;
    }
    if (!node.isObject()) {
      throw new InvalidPodException(where + " must be an object");
    }
    return (ObjectNode) node;
  }

  private static ArrayNode array(ObjectNode parent, String field, String where, boolean create) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return create ? parent.putArray(field) : null;
    }
    if (!node.isArray()) {
      throw new InvalidPodException(where + " must be a list");
    }
    return (ArrayNode) node;
  }

  private static String text(ObjectNode parent, String field, String where) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return "";
    }
    if (!node.isTextual()) {
      throw new InvalidPodException(where + " must be a string");
    }
    return node.asText();
  }

  private static boolean hasNamed(ArrayNode list, String name) {
    for (JsonNode element : list) {
      if (name.equals(element.path("name").asText(null))) {
        return true;
      }
    }
    return false;
  }

  private static int indexOfMountPath(ArrayNode mounts, String mountPath) {
    for (int i = 0; i < mounts.size(); i++) {
      if (mountPath.equals(mounts.get(i).path("mountPath").asText(null))) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfNamed(ArrayNode list, String name, String where) {
    for (int i = 0; i < list.size(); i++) {
      JsonNode element = list.get(i);
      if (!element.isObject()) {
        throw new InvalidPodException(where + "[" + i + "] must be an object");
      }
      if (name.equals(element.path("name").asText(null))) {
        return i;
      }
    }
    return -1;
  }
}
