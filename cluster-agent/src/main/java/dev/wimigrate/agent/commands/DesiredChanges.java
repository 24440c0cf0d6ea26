package dev.wimigrate.agent.commands;

import static dev.wimigrate.agent.commands.WorkloadIdentityKeys.CLIENT_ID;
import static dev.wimigrate.agent.commands.WorkloadIdentityKeys.INJECT_PROXY_SIDECAR;
import static dev.wimigrate.agent.commands.WorkloadIdentityKeys.POD_IDENTITY_LABEL;
import static dev.wimigrate.agent.commands.WorkloadIdentityKeys.PROXY_SIDECAR_PORT;
import static dev.wimigrate.agent.commands.WorkloadIdentityKeys.RESTARTED_AT;
import static dev.wimigrate.agent.commands.WorkloadIdentityKeys.RESTART_STEP;
import static dev.wimigrate.agent.commands.WorkloadIdentityKeys.TENANT_ID;
import static dev.wimigrate.agent.commands.WorkloadIdentityKeys.TOKEN_EXPIRATION;
import static dev.wimigrate.agent.commands.WorkloadIdentityKeys.USE;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The desired state of every object a cluster command touches, computed from the current state
 * without any I/O. The gateway reads the current state, these functions say what it should be, and
 * the gateway writes the difference (nothing when the state is already right, which is what makes a
 * re-delivered command harmless).
 */
public final class DesiredChanges {

  public static final String TRUE = "true";
  public static final String KEDA_POD_IDENTITY = "azure";
  public static final String KEDA_WORKLOAD_IDENTITY = "azure-workload";

  private DesiredChanges() {}

  /**
   * The service account of a workload under Workload ID: client and tenant id annotations, the
   * token expiration when one is asked for (else whatever the account had stays), the {@code use}
   * label. Everything else on the account is kept.
   */
  public static AccountState serviceAccount(
      AccountState current, String clientId, String tenantId, Long tokenExpirationSeconds) {
    Map<String, String> labels = new HashMap<>(current.labels());
    labels.put(USE, TRUE);
    Map<String, String> annotations = new HashMap<>(current.annotations());
    annotations.put(CLIENT_ID, clientId);
    annotations.put(TENANT_ID, tenantId);
    if (tokenExpirationSeconds != null) {
      annotations.put(TOKEN_EXPIRATION, Long.toString(tokenExpirationSeconds));
    }
    return new AccountState(true, labels, annotations);
  }

  /**
   * The pod template under Workload ID: the {@code use} label, the service account, the proxy
   * sidecar annotations when planned (removed when not), and the aadpodidbinding label kept for the
   * parallel run unless asked otherwise.
   */
  public static TemplateState patchWorkload(
      TemplateState current,
      String serviceAccountName,
      boolean injectProxySidecar,
      Integer proxySidecarPort,
      boolean keepPodIdentityLabel) {
    Map<String, String> labels = new HashMap<>(current.labels());
    labels.put(USE, TRUE);
    if (!keepPodIdentityLabel) {
      labels.remove(POD_IDENTITY_LABEL);
    }
    Map<String, String> annotations = new HashMap<>(current.annotations());
    if (injectProxySidecar) {
      annotations.put(INJECT_PROXY_SIDECAR, TRUE);
      if (proxySidecarPort != null) {
        annotations.put(PROXY_SIDECAR_PORT, Integer.toString(proxySidecarPort));
      } else {
        annotations.remove(PROXY_SIDECAR_PORT);
      }
    } else {
      annotations.remove(INJECT_PROXY_SIDECAR);
      annotations.remove(PROXY_SIDECAR_PORT);
    }
    return new TemplateState(labels, annotations, serviceAccountName);
  }

  /**
   * The template restarted by {@code stepId} like {@code kubectl rollout restart}; unchanged when
   * that step restarted it already.
   */
  public static TemplateState restart(TemplateState current, String stepId, Instant at) {
    if (stepId.equals(current.annotations().get(RESTART_STEP))) {
      return current;
    }
    Map<String, String> annotations = new HashMap<>(current.annotations());
    annotations.put(RESTARTED_AT, at.toString());
    annotations.put(RESTART_STEP, stepId);
    return current.withAnnotations(annotations);
  }

  /** The template once pod identity is gone: without the aadpodidbinding label. */
  public static TemplateState cleanup(TemplateState current) {
    if (!current.labels().containsKey(POD_IDENTITY_LABEL)) {
      return current;
    }
    Map<String, String> labels = new HashMap<>(current.labels());
    labels.remove(POD_IDENTITY_LABEL);
    return current.withLabels(labels);
  }

  /**
   * A KEDA {@code podIdentity} block moved from pod identity to Workload ID with the identity's
   * client id; {@code null} when the block is not a pod identity one (nothing to change).
   */
  public static Map<String, Object> kedaPodIdentity(
      Map<String, Object> podIdentity, String clientId) {
    if (podIdentity == null || !KEDA_POD_IDENTITY.equals(podIdentity.get("provider"))) {
      return null;
    }
    Map<String, Object> moved = new LinkedHashMap<>(podIdentity);
    moved.put("provider", KEDA_WORKLOAD_IDENTITY);
    moved.put("identityId", clientId);
    return moved;
  }

  /** A pod identity object as cleanup needs it. */
  public record PodIdentityObject(String kind, String namespace, String name, String ref) {
    /** {@code Kind/namespace/name}, as results name objects. */
    public String key() {
      return kind + "/" + namespace + "/" + name;
    }
  }

  /**
   * What cleanup deletes: bindings of the identity no workload selects any more, and the identity
   * once it has no binding.
   */
  public record PodIdentityDeletions(
      List<PodIdentityObject> bindings, List<PodIdentityObject> identities) {}

  /**
   * The AzureIdentityBindings (kind, ns, name, ref = selector) that name one of {@code identities}
   * (ref = resource id) matching {@code identityResourceId} and whose selector no remaining pod
   * template carries; and those identities once none of their bindings is left.
   *
   * @param bindingIdentity binding key → the name of the AzureIdentity it names (same namespace)
   * @param selectorsInUse aadpodidbinding values still on some workload after this cleanup
   */
  public static PodIdentityDeletions unusedPodIdentity(
      String identityResourceId,
      List<PodIdentityObject> identities,
      List<PodIdentityObject> bindings,
      Map<String, String> bindingIdentity,
      Set<String> selectorsInUse) {
    List<PodIdentityObject> ours =
        identities.stream().filter(i -> identityResourceId.equalsIgnoreCase(i.ref())).toList();
    List<PodIdentityObject> deleteBindings = new ArrayList<>();
    List<PodIdentityObject> deleteIdentities = new ArrayList<>();
    for (PodIdentityObject identity : ours) {
      List<PodIdentityObject> itsBindings =
          bindings.stream()
              .filter(b -> b.namespace().equals(identity.namespace()))
              .filter(b -> identity.name().equals(bindingIdentity.get(b.key())))
              .toList();
      List<PodIdentityObject> unused =
          itsBindings.stream().filter(b -> !selectorsInUse.contains(b.ref())).toList();
      deleteBindings.addAll(unused);
      if (unused.size() == itsBindings.size()) {
        deleteIdentities.add(identity);
      }
    }
    return new PodIdentityDeletions(deleteBindings, deleteIdentities);
  }

  /**
   * A JSON merge patch (RFC 7386) for a string map: changed and new keys with their values, removed
   * keys as {@code null}; empty when nothing changes.
   */
  public static Map<String, Object> mapPatch(
      Map<String, String> before, Map<String, String> after) {
    Map<String, Object> patch = new LinkedHashMap<>();
    for (String key : new TreeSet<>(before.keySet())) {
      if (!after.containsKey(key)) {
        patch.put(key, null);
      }
    }
    for (String key : new TreeSet<>(after.keySet())) {
      if (!Objects.equals(before.get(key), after.get(key))) {
        patch.put(key, after.get(key));
      }
    }
    return patch;
  }

  /**
   * The merge patch of a pod template's metadata and service account ({@code template: {metadata,
   * spec}}), empty when the states are equal.
   */
  public static Map<String, Object> templatePatch(TemplateState before, TemplateState after) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    Map<String, Object> labels = mapPatch(before.labels(), after.labels());
    Map<String, Object> annotations = mapPatch(before.annotations(), after.annotations());
    if (!labels.isEmpty()) {
      metadata.put("labels", labels);
    }
    if (!annotations.isEmpty()) {
      metadata.put("annotations", annotations);
    }
    Map<String, Object> template = new LinkedHashMap<>();
    if (!metadata.isEmpty()) {
      template.put("metadata", metadata);
    }
    if (!Objects.equals(
        blankToNull(before.serviceAccountName()), blankToNull(after.serviceAccountName()))) {
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("serviceAccountName", blankToNull(after.serviceAccountName()));
      // the deprecated alias: the apiserver falls back to it when serviceAccountName is absent,
      // so a restore that only removed serviceAccountName would silently keep the new account
      spec.put("serviceAccount", blankToNull(after.serviceAccountName()));
      template.put("spec", spec);
    }
    return template;
  }

  /** Human-readable lines: {@code + key=value}, {@code - key=value}, {@code ~ key: old -> new}. */
  public static List<String> describe(
      String prefix, Map<String, String> before, Map<String, String> after) {
    List<String> lines = new ArrayList<>();
    Set<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    for (String key : keys) {
      String old = before.get(key);
      String now = after.get(key);
      if (old == null && now != null) {
        lines.add("+ " + prefix + key + "=" + now);
      } else if (old != null && now == null) {
        lines.add("- " + prefix + key + "=" + old);
      } else if (!Objects.equals(old, now)) {
        lines.add("~ " + prefix + key + ": " + old + " -> " + now);
      }
    }
    return lines;
  }

  /** The diff of a pod template, one line per changed item, for the result events. */
  public static List<String> describe(String object, TemplateState before, TemplateState after) {
    List<String> lines = new ArrayList<>();
    lines.addAll(describe(object + " label ", before.labels(), after.labels()));
    lines.addAll(describe(object + " annotation ", before.annotations(), after.annotations()));
    String oldSa = blankToNull(before.serviceAccountName());
    String newSa = blankToNull(after.serviceAccountName());
    if (!Objects.equals(oldSa, newSa)) {
      lines.add(
          "~ "
              + object
              + " serviceAccountName: "
              + (oldSa == null ? "(default)" : oldSa)
              + " -> "
              + (newSa == null ? "(default)" : newSa));
    }
    return lines;
  }

  /** The diff of a service account. */
  public static List<String> describe(String object, AccountState before, AccountState after) {
    List<String> lines = new ArrayList<>();
    if (!before.exists() && after.exists()) {
      lines.add("+ " + object + " (created)");
    } else if (before.exists() && !after.exists()) {
      lines.add("- " + object + " (deleted)");
    }
    lines.addAll(describe(object + " label ", before.labels(), after.labels()));
    lines.addAll(describe(object + " annotation ", before.annotations(), after.annotations()));
    return lines;
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
