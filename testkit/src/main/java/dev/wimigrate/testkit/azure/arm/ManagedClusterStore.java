package dev.wimigrate.testkit.azure.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wimigrate.testkit.azure.rules.ArmException;
import dev.wimigrate.testkit.azure.rules.EmulatorRules;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * AKS managed clusters ({@code Microsoft.ContainerService/managedClusters}) as far as wimigrate
 * touches them, free of HTTP: the OIDC issuer profile, workload identity, the pod identity add-on,
 * and ARM's long-running operations. A PUT applies the new model at once with {@code
 * provisioningState} {@code Creating}/{@code Updating}; the operation reports {@code InProgress}
 * for {@code pollsUntilDone} reads (of the operation or the cluster) and then {@code Succeeded}.
 */
public final class ManagedClusterStore {

  public static final String TYPE = "Microsoft.ContainerService/ManagedClusters";
  private static final int MAX_POD_IDENTITIES = 200;

  private final String tenantId;
  private final Supplier<EmulatorRules> rules;
  private final Clock clock;
  private final Map<String, Cluster> clusters = new LinkedHashMap<>();
  private final Map<String, String> issuerUrls = new HashMap<>();
  private final Map<String, Op> operations = new LinkedHashMap<>();

  public ManagedClusterStore(String tenantId, Supplier<EmulatorRules> rules, Clock clock) {
    this.tenantId = tenantId;
    this.rules = rules;
    this.clock = clock;
  }

  /** Result of a write: the cluster's model as answered and the operation that finishes it. */
  public record Write(ObjectNode model, boolean created, AsyncOperation operation) {}

  /**
   * Sets the issuer URL the cluster reports once its OIDC issuer is enabled (e.g. a real
   * kube-apiserver's {@code --service-account-issuer}). May be called before the cluster exists.
   */
  public synchronized void issuerUrl(
      String subscriptionId, String resourceGroup, String name, String url) {
    String key = key(subscriptionId, resourceGroup, name);
    issuerUrls.put(key, url);
    Cluster c = clusters.get(key);
    if (c != null) {
      ObjectNode oidc = (ObjectNode) c.model.path("properties").path("oidcIssuerProfile");
      if (oidc.path("enabled").asBoolean(false)) {
        oidc.put("issuerURL", url);
      }
    }
  }

  public synchronized Write put(
      String subscriptionId, String resourceGroup, String name, JsonNode body) {
    String key = key(subscriptionId, resourceGroup, name);
    Cluster existing = clusters.get(key);
    requireNoOperation(existing);
    String location = text(body, "location");
    if (existing == null && (location == null || location.isBlank())) {
      throw new ArmException(
          400, "LocationRequired", "The location property is required for this definition.");
    }
    if (existing != null
        && location != null
        && !location.equalsIgnoreCase(existing.model.path("location").asText())) {
      throw new ArmException(
          400,
          "LocationNotAvailableForResourceType",
          "The location of an existing managed cluster cannot be changed.");
    }
    ObjectNode model = body.deepCopy();
    ObjectNode props =
        model.path("properties").isObject()
            ? (ObjectNode) model.get("properties")
            : model.putObject("properties");
    ObjectNode oldProps = existing == null ? null : (ObjectNode) existing.model.get("properties");
    applyOidc(key, props, oldProps, location != null ? location : existing.location());
    applyWorkloadIdentity(props, oldProps);
    applyPodIdentity(props);
    String id = resourceId(subscriptionId, resourceGroup, name);
    model.put("id", id);
    model.put("name", existing == null ? name : existing.model.path("name").asText());
    model.put("type", TYPE);
    model.put("location", existing == null ? location : existing.location());
    if (!model.has("tags")) {
      model.set(
          "tags", existing == null ? model.objectNode() : existing.model.path("tags").deepCopy());
    }
    props.put("provisioningState", existing == null ? "Creating" : "Updating");
    if (!props.has("kubernetesVersion")) {
      props.put(
          "kubernetesVersion",
          oldProps == null ? "1.33.0" : oldProps.path("kubernetesVersion").asText("1.33.0"));
    }
    props.put("currentKubernetesVersion", props.path("kubernetesVersion").asText());
    props.putObject("powerState").put("code", "Running");
    Cluster cluster = existing == null ? new Cluster(model) : existing;
    cluster.model = model;
    clusters.put(key, cluster);
    AsyncOperation op = start(cluster, "PUT", id, location(cluster));
    return new Write(model.deepCopy(), existing == null, op);
  }

  /** ARM's PATCH of a managed cluster: tags only. */
  public synchronized Write patchTags(
      String subscriptionId, String resourceGroup, String name, JsonNode body) {
    Cluster c = cluster(subscriptionId, resourceGroup, name);
    requireNoOperation(c);
    if (body.has("tags")) {
      c.model.set("tags", body.get("tags").deepCopy());
    }
    ((ObjectNode) c.model.get("properties")).put("provisioningState", "Updating");
    AsyncOperation op = start(c, "PATCH", c.model.path("id").asText(), location(c));
    return new Write(c.model.deepCopy(), false, op);
  }

  /** Starts deleting; empty when the cluster does not exist (204). */
  public synchronized Optional<AsyncOperation> delete(
      String subscriptionId, String resourceGroup, String name) {
    Cluster c = clusters.get(key(subscriptionId, resourceGroup, name));
    if (c == null) {
      return Optional.empty();
    }
    requireNoOperation(c);
    ((ObjectNode) c.model.get("properties")).put("provisioningState", "Deleting");
    return Optional.of(start(c, "DELETE", c.model.path("id").asText(), location(c)));
  }

  /** GET of a cluster; counts as one poll of its running operation. */
  public synchronized ObjectNode get(String subscriptionId, String resourceGroup, String name) {
    Cluster c = cluster(subscriptionId, resourceGroup, name);
    if (c.operation != null) {
      poll(c.operation);
    }
    Cluster still = clusters.get(key(subscriptionId, resourceGroup, name));
    if (still == null) {
      throw notFound(resourceGroup, name);
    }
    return still.model.deepCopy();
  }

  public synchronized List<ObjectNode> list(String subscriptionId, String resourceGroup) {
    String prefix =
        (subscriptionId + "/" + (resourceGroup == null ? "" : resourceGroup + "/"))
            .toLowerCase(Locale.ROOT);
    return clusters.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .map(e -> e.getValue().model.deepCopy())
        .toList();
  }

  public synchronized List<ObjectNode> all() {
    return clusters.values().stream().map(c -> c.model.deepCopy()).toList();
  }

  /** Reads an operation's status; each read counts as one poll. */
  public synchronized AsyncOperation operation(String operationId) {
    Op op = operations.get(operationId.toLowerCase(Locale.ROOT));
    if (op == null) {
      throw new ArmException(
          404, "NotFound", "The operation '" + operationId + "' could not be found.");
    }
    poll(op);
    return op.snapshot();
  }

  public synchronized List<AsyncOperation> operations() {
    return operations.values().stream().map(Op::snapshot).toList();
  }

  /** Finishes every running operation now (as if enough time had passed). */
  public synchronized void completeAll() {
    operations.values().stream()
        .filter(o -> o.status.equals("InProgress"))
        .toList()
        .forEach(this::finish);
  }

  public synchronized void reset() {
    clusters.clear();
    operations.clear();
  }

  /** The cluster's current model (a copy), if it exists. */
  public synchronized Optional<ObjectNode> find(
      String subscriptionId, String resourceGroup, String name) {
    Cluster c = clusters.get(key(subscriptionId, resourceGroup, name));
    return c == null ? Optional.empty() : Optional.of(c.model.deepCopy());
  }

  // ------------------------------------------------------------------ rules

  private void applyOidc(String key, ObjectNode props, ObjectNode oldProps, String location) {
    JsonNode oldOidc = oldProps == null ? null : oldProps.get("oidcIssuerProfile");
    boolean wasEnabled = oldOidc != null && oldOidc.path("enabled").asBoolean(false);
    if (!props.has("oidcIssuerProfile") || props.get("oidcIssuerProfile").isNull()) {
      if (oldOidc != null) {
        props.set("oidcIssuerProfile", oldOidc.deepCopy());
      }
      return;
    }
    ObjectNode oidc = (ObjectNode) props.get("oidcIssuerProfile");
    boolean enabled = oidc.path("enabled").asBoolean(false);
    if (wasEnabled && !enabled) {
      throw new ArmException(
          400,
          "OIDCIssuerFeatureCannotBeDisabled",
          "OIDC issuer feature cannot be disabled once it has been enabled.");
    }
    if (enabled) {
      String url = issuerUrls.get(key);
      if (url == null && wasEnabled) {
        url = oldOidc.path("issuerURL").asText(null);
      }
      if (url == null) {
        url =
            "https://"
                + location.toLowerCase(Locale.ROOT).replace(" ", "")
                + ".oic.prod-aks.azure.com/"
                + tenantId
                + "/"
                + UUID.randomUUID()
                + "/";
        issuerUrls.put(key, url);
      }
      oidc.put("issuerURL", url);
    } else {
      oidc.remove("issuerURL");
    }
  }

  private static void applyWorkloadIdentity(ObjectNode props, ObjectNode oldProps) {
    JsonNode security = props.get("securityProfile");
    if ((security == null || security.isNull())
        && oldProps != null
        && oldProps.has("securityProfile")) {
      props.set("securityProfile", oldProps.get("securityProfile").deepCopy());
      security = props.get("securityProfile");
    }
    boolean workloadIdentity =
        security != null && security.path("workloadIdentity").path("enabled").asBoolean(false);
    boolean oidc = props.path("oidcIssuerProfile").path("enabled").asBoolean(false);
    if (workloadIdentity && !oidc) {
      throw new ArmException(
          400,
          "InvalidParameter",
          "Enabling workload identity requires enabling OIDC issuer (oidcIssuerProfile.enabled).");
    }
  }

  private static void applyPodIdentity(ObjectNode props) {
    JsonNode profile = props.get("podIdentityProfile");
    if (profile == null || !profile.isObject()) {
      return;
    }
    JsonNode identities = profile.path("userAssignedIdentities");
    if (identities.isArray()) {
      if (identities.size() > MAX_POD_IDENTITIES) {
        throw new ArmException(
            400,
            "InvalidParameter",
            "A cluster can have at most " + MAX_POD_IDENTITIES + " pod identities.");
      }
      Map<String, Boolean> seen = new HashMap<>();
      for (JsonNode entry : identities) {
        String ns = text(entry, "namespace");
        String n = text(entry, "name");
        JsonNode identity = entry.path("identity");
        if (isBlank(n) || isBlank(ns) || isBlank(text(identity, "resourceId"))) {
          throw new ArmException(
              400,
              "InvalidParameter",
              "Pod identity entries require 'name', 'namespace' and 'identity.resourceId'.");
        }
        if (seen.put((ns + "/" + n).toLowerCase(Locale.ROOT), true) != null) {
          throw new ArmException(
              400,
              "InvalidParameter",
              "Pod identity '" + n + "' is defined twice in namespace '" + ns + "'.");
        }
        ObjectNode e = (ObjectNode) entry;
        e.put("provisioningState", "Assigned");
      }
    }
    JsonNode exceptions = profile.path("userAssignedIdentityExceptions");
    if (exceptions.isArray() && exceptions.size() > MAX_POD_IDENTITIES) {
      throw new ArmException(
          400,
          "InvalidParameter",
          "A cluster can have at most " + MAX_POD_IDENTITIES + " pod identity exceptions.");
    }
  }

  // ------------------------------------------------------------------ operations

  private void requireNoOperation(Cluster c) {
    if (c != null && c.operation != null && c.operation.status.equals("InProgress")) {
      throw new ArmException(
          409,
          "OperationNotAllowed",
          "Operation is not allowed because there's an in progress "
              + c.operation.verb()
              + " managed cluster operation (operation ID "
              + c.operation.id
              + ") on the managed cluster. Please wait for it to finish before starting another"
              + " operation.");
    }
  }

  private AsyncOperation start(Cluster c, String kind, String resourceId, String location) {
    Op op = new Op(UUID.randomUUID().toString(), location, kind, resourceId, c, clock.instant());
    op.pollsLeft = rules.get().operations().pollsUntilDone();
    operations.put(op.id.toLowerCase(Locale.ROOT), op);
    c.operation = op;
    return op.snapshot();
  }

  private void poll(Op op) {
    if (!op.status.equals("InProgress")) {
      return;
    }
    if (op.pollsLeft > 0) {
      op.pollsLeft--;
      return;
    }
    finish(op);
  }

  private void finish(Op op) {
    op.status = "Succeeded";
    op.endTime = clock.instant();
    Cluster c = op.cluster;
    if (op.kind.equals("DELETE")) {
      clusters.values().remove(c);
    } else {
      ((ObjectNode) c.model.get("properties")).put("provisioningState", "Succeeded");
    }
    if (c.operation == op) {
      c.operation = null;
    }
  }

  private Cluster cluster(String subscriptionId, String resourceGroup, String name) {
    Cluster c = clusters.get(key(subscriptionId, resourceGroup, name));
    if (c == null) {
      throw notFound(resourceGroup, name);
    }
    return c;
  }

  private static ArmException notFound(String resourceGroup, String name) {
    return new ArmException(
        404,
        "ResourceNotFound",
        "The Resource 'Microsoft.ContainerService/managedClusters/"
            + name
            + "' under resource group '"
            + resourceGroup
            + "' was not found. For more details please go to"
            + " https://aka.ms/ARMResourceNotFoundFix");
  }

  private static String location(Cluster c) {
    return c.location();
  }

  public static String resourceId(String subscriptionId, String resourceGroup, String name) {
    return "/subscriptions/"
        + subscriptionId
        + "/resourcegroups/"
        + resourceGroup
        + "/providers/Microsoft.ContainerService/managedClusters/"
        + name;
  }

  private static String key(String subscriptionId, String resourceGroup, String name) {
    return (subscriptionId + "/" + resourceGroup + "/" + name).toLowerCase(Locale.ROOT);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  private static final class Cluster {
    ObjectNode model;
    Op operation;

    Cluster(ObjectNode model) {
      this.model = model;
    }

    String location() {
      return model.path("location").asText();
    }
  }

  private static final class Op {
    final String id;
    final String location;
    final String kind;
    final String resourceId;
    final Cluster cluster;
    final Instant startTime;
    String status = "InProgress";
    Instant endTime;
    int pollsLeft;

    Op(String id, String location, String kind, String resourceId, Cluster cluster, Instant start) {
      this.id = id;
      this.location = location;
      this.kind = kind;
      this.resourceId = resourceId;
      this.cluster = cluster;
      this.startTime = start;
    }

    String verb() {
      return kind.equals("DELETE") ? "delete" : "update";
    }

    AsyncOperation snapshot() {
      return new AsyncOperation(id, location, kind, resourceId, status, startTime, endTime);
    }
  }
}
