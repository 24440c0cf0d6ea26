package dev.wimigrate.agent.commands;

import static dev.wimigrate.agent.commands.WorkloadIdentityKeys.CLIENT_ID;
import static dev.wimigrate.agent.commands.WorkloadIdentityKeys.POD_IDENTITY_LABEL;
import static dev.wimigrate.agent.commands.WorkloadIdentityKeys.PRE_MIGRATION;

import dev.wimigrate.agent.commands.DesiredChanges.PodIdentityDeletions;
import dev.wimigrate.agent.commands.DesiredChanges.PodIdentityObject;
import dev.wimigrate.agent.commands.KubeGateway.CustomKind;
import dev.wimigrate.agent.discovery.WorkloadSource;
import dev.wimigrate.events.cluster.CleanedUp;
import dev.wimigrate.events.cluster.CleanupPodIdentity;
import dev.wimigrate.events.cluster.ClusterCommand;
import dev.wimigrate.events.cluster.EnsureServiceAccount;
import dev.wimigrate.events.cluster.PatchWorkload;
import dev.wimigrate.events.cluster.Rollback;
import dev.wimigrate.events.cluster.RolledBack;
import dev.wimigrate.events.cluster.RolloutRestart;
import dev.wimigrate.events.cluster.ServiceAccountReady;
import dev.wimigrate.events.cluster.VerifyWorkload;
import dev.wimigrate.events.cluster.WorkloadPatched;
import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.Secrets;
import dev.wimigrate.events.common.ServiceAccountRef;
import dev.wimigrate.events.common.StepFailed;
import dev.wimigrate.events.common.WorkloadKind;
import dev.wimigrate.events.common.WorkloadRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Carries out one cluster command and says how it went: the command's result event or {@link
 * StepFailed}. Every command re-reads the objects it acts on and writes only what differs from the
 * desired state, so a re-delivered command (same step id) finds its work done and changes nothing.
 * The first change to a workload records its pre-migration state (see {@link PreMigrationRecord}),
 * which {@link Rollback} restores.
 */
public class CommandHandler {

  public static final String SERVICE = "cluster-agent";
  private static final Logger LOG = Logger.getLogger(CommandHandler.class);
  private static final int CONFLICT_RETRIES = 10;

  private final KubeGateway gateway;
  private final RolloutWatcher rollouts;
  private final Clock clock;

  public CommandHandler(KubeGateway gateway, RolloutWatcher rollouts, Clock clock) {
    this.gateway = gateway;
    this.rollouts = rollouts;
    this.clock = clock;
  }

  /**
   * The result of {@code command}; never throws for a failure of the cluster (that is a
   * StepFailed).
   *
   * @throws InterruptedException when the agent shuts down while waiting for a rollout
   */
  public Event handle(ClusterCommand command) throws InterruptedException {
    int attempt = 0;
    while (true) {
      try {
        return dispatch(command);
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409 && ++attempt < CONFLICT_RETRIES) {
          // someone changed the object between our read and our write: read again
          // (controllers update the status all the time; the guard is on resourceVersion)
          LOG.debugf("conflict on %s, retrying: %s", command.step().stepId(), e.getMessage());
          Thread.sleep(50L * attempt);
          continue;
        }
        return failed(command, apiErrorCode(e), describe(e), retryable(e));
      } catch (IllegalStateException e) {
        return failed(command, "InvalidClusterState", e.getMessage(), false);
      }
    }
  }

  private Event dispatch(ClusterCommand command) throws InterruptedException {
    if (command instanceof EnsureServiceAccount c) {
      return ensureServiceAccount(c);
    } else if (command instanceof PatchWorkload c) {
      return patchWorkload(c);
    } else if (command instanceof RolloutRestart c) {
      return rollouts.restart(c, this);
    } else if (command instanceof VerifyWorkload c) {
      return rollouts.verify(c, this);
    } else if (command instanceof CleanupPodIdentity c) {
      return cleanup(c);
    } else if (command instanceof Rollback c) {
      return rollback(c);
    }
    // RequestSnapshot is answered by discovery, not here
    throw new IllegalArgumentException(
        command.getClass().getSimpleName() + " is not a workload command");
  }

  // ------------------------------------------------------------------ EnsureServiceAccount

  Event ensureServiceAccount(EnsureServiceAccount c) {
    WorkloadRef ref = c.workload();
    Optional<HasMetadata> workload = gateway.workload(ref);
    if (workload.isEmpty()) {
      return notFound(c);
    }
    String sa = c.serviceAccount().name();
    AccountState before = gateway.account(ref.namespace(), sa);
    AccountState after =
        DesiredChanges.serviceAccount(
            before, c.clientId(), c.tenantId(), c.tokenExpirationSeconds());
    // the record first: if the agent dies between the two writes, the record still holds the
    // account as it was, and the re-delivered command finds it there
    recordIfNew(ref, workload.get(), r -> r.withAccount(sa, before), c.dryRun());
    String object = "ServiceAccount/" + ref.namespace() + "/" + sa;
    List<String> diff = DesiredChanges.describe(object, before, after);
    if (!before.exists()) {
      gateway.createAccount(ref.namespace(), sa, after, c.dryRun());
    } else if (!diff.isEmpty()) {
      Map<String, Object> metadata = new LinkedHashMap<>();
      Map<String, Object> labels = DesiredChanges.mapPatch(before.labels(), after.labels());
      Map<String, Object> annotations =
          DesiredChanges.mapPatch(before.annotations(), after.annotations());
      if (!labels.isEmpty()) {
        metadata.put("labels", labels);
      }
      if (!annotations.isEmpty()) {
        metadata.put("annotations", annotations);
      }
      gateway.patchAccount(ref.namespace(), sa, metadata, c.dryRun());
    }
    return new ServiceAccountReady(
        c.step(),
        ref,
        new ServiceAccountRef(ref.namespace(), sa),
        !diff.isEmpty(),
        diff.isEmpty() ? null : String.join("\n", diff));
  }

  // ------------------------------------------------------------------ PatchWorkload

  Event patchWorkload(PatchWorkload c) {
    WorkloadRef ref = c.workload();
    if (ref.kind() == WorkloadKind.POD || ref.kind() == WorkloadKind.JOB) {
      return immutableTemplate(c);
    }
    Optional<HasMetadata> workload = gateway.workload(ref);
    if (workload.isEmpty()) {
      return notFound(c);
    }
    if (!c.dryRun() && !gateway.account(ref.namespace(), c.serviceAccountName()).exists()) {
      // the Workload ID webhook fails pod creation for a missing account (failurePolicy Fail)
      return failed(
          c,
          "ServiceAccountMissing",
          "service account "
              + ref.namespace()
              + "/"
              + c.serviceAccountName()
              + " does not exist; run EnsureServiceAccount first",
          true);
    }
    TemplateState before = KubeGateway.templateOf(workload.get());
    TemplateState after =
        DesiredChanges.patchWorkload(
            before,
            c.serviceAccountName(),
            c.injectProxySidecar(),
            c.proxySidecarPort(),
            c.keepPodIdentityLabel());
    List<String> diff = DesiredChanges.describe(objectName(ref), before, after);
    writeTemplate(ref, workload.get(), before, after, r -> r, c.dryRun());
    return new WorkloadPatched(c.step(), ref, !diff.isEmpty(), String.join("\n", diff));
  }

  // ------------------------------------------------------------------ CleanupPodIdentity

  Event cleanup(CleanupPodIdentity c) {
    WorkloadRef ref = c.workload();
    if (ref.kind() == WorkloadKind.POD || ref.kind() == WorkloadKind.JOB) {
      return immutableTemplate(c);
    }
    Optional<HasMetadata> workload = gateway.workload(ref);
    if (workload.isEmpty()) {
      return notFound(c);
    }
    TemplateState before = KubeGateway.templateOf(workload.get());
    TemplateState after = DesiredChanges.cleanup(before);

    List<GenericKubernetesResource> identities = gateway.list(KubeGateway.AZURE_IDENTITY, null);
    List<GenericKubernetesResource> bindings =
        gateway.list(KubeGateway.AZURE_IDENTITY_BINDING, null);
    Set<String> selectorsInUse = selectorsInUse(ref, after);
    Map<String, String> bindingIdentity = new HashMap<>();
    List<PodIdentityObject> bindingObjects = new ArrayList<>();
    for (GenericKubernetesResource b : bindings) {
      Map<String, Object> spec = spec(b);
      PodIdentityObject o =
          new PodIdentityObject(
              "AzureIdentityBinding",
              b.getMetadata().getNamespace(),
              b.getMetadata().getName(),
              string(spec, "selector", "Selector"));
      bindingObjects.add(o);
      bindingIdentity.put(o.key(), string(spec, "azureIdentity", "AzureIdentity"));
    }
    List<PodIdentityObject> identityObjects = new ArrayList<>();
    String clientId = null;
    for (GenericKubernetesResource i : identities) {
      Map<String, Object> spec = spec(i);
      String resourceId = string(spec, "resourceID", "ResourceID");
      identityObjects.add(
          new PodIdentityObject(
              "AzureIdentity",
              i.getMetadata().getNamespace(),
              i.getMetadata().getName(),
              resourceId));
      if (c.identityResourceId().equalsIgnoreCase(resourceId) && clientId == null) {
        clientId = string(spec, "clientID", "ClientID");
      }
    }
    if (clientId == null && after.serviceAccountName() != null) {
      clientId =
          gateway.account(ref.namespace(), after.serviceAccountName()).annotations().get(CLIENT_ID);
    }
    PodIdentityDeletions deletions =
        DesiredChanges.unusedPodIdentity(
            c.identityResourceId(),
            identityObjects,
            bindingObjects,
            bindingIdentity,
            selectorsInUse);

    // KEDA: the namespace's TriggerAuthentications on pod identity for this identity (or none)
    Map<String, Map<String, Object>> kedaBefore = new LinkedHashMap<>();
    Map<String, Map<String, Object>> kedaAfter = new LinkedHashMap<>();
    if (clientId != null) {
      for (GenericKubernetesResource ta :
          gateway.list(KubeGateway.TRIGGER_AUTHENTICATION, ref.namespace())) {
        Map<String, Object> podIdentity = map(spec(ta), "podIdentity");
        Object identityId = podIdentity.get("identityId");
        if (identityId != null && !clientId.equalsIgnoreCase(identityId.toString())) {
          continue;
        }
        Map<String, Object> moved = DesiredChanges.kedaPodIdentity(podIdentity, clientId);
        if (moved != null) {
          kedaBefore.put(ta.getMetadata().getName(), podIdentity);
          kedaAfter.put(ta.getMetadata().getName(), moved);
        }
      }
    }

    // record what is about to change or go, together with the template change
    Map<String, GenericKubernetesResource> byKey = new HashMap<>();
    identities.forEach(i -> byKey.put("AzureIdentity/" + key(i), i));
    bindings.forEach(b -> byKey.put("AzureIdentityBinding/" + key(b), b));
    List<PodIdentityObject> toDelete = new ArrayList<>(deletions.bindings());
    toDelete.addAll(deletions.identities());
    boolean templateChanged =
        writeTemplate(
            ref,
            workload.get(),
            before,
            after,
            r -> {
              PreMigrationRecord updated = r;
              for (var e : kedaBefore.entrySet()) {
                updated = updated.withTriggerAuthentication(e.getKey(), e.getValue());
              }
              for (PodIdentityObject o : toDelete) {
                updated = updated.withDeleted(KubeGateway.manifest(byKey.get(o.key())));
              }
              return updated;
            },
            c.dryRun());

    List<String> deleted = new ArrayList<>();
    for (PodIdentityObject o : toDelete) {
      CustomKind kind =
          o.kind().equals("AzureIdentity")
              ? KubeGateway.AZURE_IDENTITY
              : KubeGateway.AZURE_IDENTITY_BINDING;
      gateway.deleteCustom(kind, o.namespace(), o.name(), c.dryRun());
      deleted.add(o.key());
    }
    List<String> updated = new ArrayList<>();
    if (templateChanged) {
      updated.add(objectName(ref));
    }
    for (var e : kedaAfter.entrySet()) {
      Map<String, Object> podIdentity = new LinkedHashMap<>(e.getValue());
      kedaBefore.get(e.getKey()).keySet().stream()
          .filter(k -> !podIdentity.containsKey(k))
          .forEach(k -> podIdentity.put(k, null));
      gateway.patchCustom(
          KubeGateway.TRIGGER_AUTHENTICATION,
          ref.namespace(),
          e.getKey(),
          Map.of("spec", Map.of("podIdentity", podIdentity)),
          c.dryRun());
      updated.add("TriggerAuthentication/" + ref.namespace() + "/" + e.getKey());
    }
    return new CleanedUp(c.step(), ref, deleted, updated);
  }

  /** aadpodidbinding values on every top-level workload, with {@code ref} as it will be. */
  private Set<String> selectorsInUse(WorkloadRef ref, TemplateState refAfter) {
    Set<String> selectors = new HashSet<>();
    for (HasMetadata object : gateway.workloadObjects(null)) {
      Optional<WorkloadSource> source = WorkloadSource.of(object);
      if (source.isEmpty()) {
        continue;
      }
      boolean self =
          source.get().kind() == ref.kind()
              && ref.namespace().equals(object.getMetadata().getNamespace())
              && ref.name().equals(object.getMetadata().getName());
      TemplateState state = self ? refAfter : KubeGateway.templateOf(object);
      String selector = state.labels().get(POD_IDENTITY_LABEL);
      if (selector != null) {
        selectors.add(selector);
      }
    }
    return selectors;
  }

  // ------------------------------------------------------------------ Rollback

  Event rollback(Rollback c) {
    WorkloadRef ref = c.workload();
    Optional<HasMetadata> workload = gateway.workload(ref);
    if (workload.isEmpty()) {
      return notFound(c);
    }
    Optional<PreMigrationRecord> recorded = recordOf(workload.get());
    if (recorded.isEmpty()) {
      // never changed, or rolled back already: the workload is as it was
      return new RolledBack(c.step(), ref, List.of());
    }
    PreMigrationRecord record = recorded.get();
    List<String> restored = new ArrayList<>();

    // pod identity objects first, so the restored pods find their binding
    for (Map<String, Object> manifest : record.deletedObjects()) {
      CustomKind kind =
          "AzureIdentity".equals(manifest.get("kind"))
              ? KubeGateway.AZURE_IDENTITY
              : KubeGateway.AZURE_IDENTITY_BINDING;
      if (gateway.recreate(kind, manifest, c.dryRun())) {
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) manifest.get("metadata");
        restored.add(
            manifest.get("kind") + "/" + metadata.get("namespace") + "/" + metadata.get("name"));
      }
    }
    for (var e : record.triggerAuthentications().entrySet()) {
      Optional<GenericKubernetesResource> ta =
          gateway.list(KubeGateway.TRIGGER_AUTHENTICATION, ref.namespace()).stream()
              .filter(t -> t.getMetadata().getName().equals(e.getKey()))
              .findFirst();
      if (ta.isEmpty()) {
        continue;
      }
      Map<String, Object> current = map(spec(ta.get()), "podIdentity");
      if (current.equals(e.getValue())) {
        continue;
      }
      Map<String, Object> patch = new LinkedHashMap<>(e.getValue());
      current.keySet().stream().filter(k -> !patch.containsKey(k)).forEach(k -> patch.put(k, null));
      gateway.patchCustom(
          KubeGateway.TRIGGER_AUTHENTICATION,
          ref.namespace(),
          e.getKey(),
          Map.of("spec", Map.of("podIdentity", patch)),
          c.dryRun());
      restored.add("TriggerAuthentication/" + ref.namespace() + "/" + e.getKey());
    }

    // service accounts no other workload of the namespace runs as
    TemplateState original = record.template();
    for (var e : record.serviceAccounts().entrySet()) {
      String sa = e.getKey();
      if (usedByOthers(ref, sa)) {
        LOG.infof(
            "rollback of %s leaves service account %s: other workloads use it", ref.key(), sa);
        continue;
      }
      AccountState now = gateway.account(ref.namespace(), sa);
      AccountState then = e.getValue();
      String object = "ServiceAccount/" + ref.namespace() + "/" + sa;
      if (!then.exists()) {
        if (now.exists()) {
          gateway.deleteAccount(ref.namespace(), sa, c.dryRun());
          restored.add(object);
        }
      } else if (!now.exists()) {
        gateway.createAccount(ref.namespace(), sa, then, c.dryRun());
        restored.add(object);
      } else if (!now.equals(then)) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("labels", DesiredChanges.mapPatch(now.labels(), then.labels()));
        metadata.put("annotations", DesiredChanges.mapPatch(now.annotations(), then.annotations()));
        gateway.patchAccount(ref.namespace(), sa, metadata, c.dryRun());
        restored.add(object);
      }
    }

    // the template last, dropping the record in the same write: a rollback interrupted before
    // this point is re-done from the record on re-delivery
    // (retried here on a conflict: the writes above are done and must stay in the result)
    HasMetadata current = workload.get();
    for (int attempt = 1; ; attempt++) {
      TemplateState now = KubeGateway.templateOf(current);
      Map<String, Object> patch =
          KubeGateway.wrapTemplateOrEmpty(ref.kind(), DesiredChanges.templatePatch(now, original));
      Map<String, Object> annotations = new LinkedHashMap<>();
      annotations.put(PRE_MIGRATION, null);
      Map<String, Object> metadata = new LinkedHashMap<>();
      metadata.put("annotations", annotations);
      metadata.put("resourceVersion", current.getMetadata().getResourceVersion());
      patch.put("metadata", metadata);
      try {
        gateway.patchWorkload(ref, patch, c.dryRun());
        if (!now.equals(original)) {
          restored.add(objectName(ref));
        }
        break;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= CONFLICT_RETRIES) {
          throw e;
        }
        current = gateway.workload(ref).orElseThrow(() -> e);
      }
    }
    return new RolledBack(c.step(), ref, restored);
  }

  private boolean usedByOthers(WorkloadRef ref, String sa) {
    for (HasMetadata object : gateway.workloadObjects(ref.namespace())) {
      Optional<WorkloadSource> source = WorkloadSource.of(object);
      if (source.isEmpty()) {
        continue;
      }
      boolean self =
          source.get().kind() == ref.kind() && ref.name().equals(object.getMetadata().getName());
      if (self) {
        continue;
      }
      TemplateState state = KubeGateway.templateOf(object);
      String uses = Objects.requireNonNullElse(state.serviceAccountName(), "default");
      if (uses.equals(sa)) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ shared

  /**
   * Writes the template change and, when the record is new or grew, the record, in one merge patch
   * guarded by the read resourceVersion; true when the template changed.
   */
  boolean writeTemplate(
      WorkloadRef ref,
      HasMetadata workload,
      TemplateState before,
      TemplateState after,
      java.util.function.UnaryOperator<PreMigrationRecord> extend,
      boolean dryRun) {
    Optional<PreMigrationRecord> existing = recordOf(workload);
    boolean templateChanges = !before.equals(after);
    PreMigrationRecord base = existing.orElse(PreMigrationRecord.of(before));
    PreMigrationRecord record = extend.apply(base);
    boolean recordChanges = existing.isEmpty() ? templateChanges || record != base : record != base;
    if (!templateChanges && !recordChanges) {
      return false;
    }
    Map<String, Object> patch =
        KubeGateway.wrapTemplateOrEmpty(ref.kind(), DesiredChanges.templatePatch(before, after));
    Map<String, Object> metadata = new LinkedHashMap<>();
    if (recordChanges) {
      metadata.put("annotations", Map.of(PRE_MIGRATION, record.toJson()));
    }
    metadata.put("resourceVersion", workload.getMetadata().getResourceVersion());
    patch.put("metadata", metadata);
    gateway.patchWorkload(ref, patch, dryRun);
    return templateChanges;
  }

  private void recordIfNew(
      WorkloadRef ref,
      HasMetadata workload,
      java.util.function.UnaryOperator<PreMigrationRecord> extend,
      boolean dryRun) {
    TemplateState current = KubeGateway.templateOf(workload);
    writeTemplate(ref, workload, current, current, extend, dryRun);
  }

  static Optional<PreMigrationRecord> recordOf(HasMetadata workload) {
    Map<String, String> annotations = workload.getMetadata().getAnnotations();
    return PreMigrationRecord.fromJson(annotations == null ? null : annotations.get(PRE_MIGRATION));
  }

  static String objectName(WorkloadRef ref) {
    return ref.kind().kubernetesName() + "/" + ref.namespace() + "/" + ref.name();
  }

  private static String key(GenericKubernetesResource r) {
    return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource r) {
    Object spec = r.getAdditionalProperties().get("spec");
    return spec instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    return value instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : Map.of();
  }

  private static String string(Map<String, Object> spec, String... keys) {
    for (String k : keys) {
      Object v = spec.get(k);
      if (v != null && !v.toString().isBlank()) {
        return v.toString();
      }
    }
    return null;
  }

  StepFailed notFound(ClusterCommand c) {
    return failed(c, "WorkloadNotFound", objectName(c.workload()) + " does not exist", false);
  }

  private StepFailed immutableTemplate(ClusterCommand c) {
    return failed(
        c,
        "TemplateImmutable",
        "the pod template of "
            + objectName(c.workload())
            + " cannot be changed in place ("
            + c.workload().kind().kubernetesName()
            + "s are immutable); migrate its owner or recreate it with Workload ID",
        false);
  }

  StepFailed failed(ClusterCommand c, String code, String reason, boolean retryable) {
    return new StepFailed(
        c.step(),
        SERVICE,
        c.getClass().getSimpleName(),
        c.workload(),
        code,
        Secrets.redactJwts(reason),
        retryable,
        clock.instant());
  }

  private static String apiErrorCode(KubernetesClientException e) {
    return switch (e.getCode()) {
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 409 -> "Conflict";
      case 422 -> "Invalid";
      case 429 -> "Throttled";
      default -> e.getCode() >= 500 ? "ApiServerError" : "KubernetesApiError";
    };
  }

  private static boolean retryable(KubernetesClientException e) {
    return e.getCode() == 409 || e.getCode() == 429 || e.getCode() >= 500 || e.getCode() == 0;
  }

  private static String describe(KubernetesClientException e) {
    String message =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : e.getMessage();
    return "Kubernetes API " + e.getCode() + ": " + message;
  }
}
