package dev.wimigrate.agent.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wimigrate.events.common.WorkloadKind;
import dev.wimigrate.events.common.WorkloadRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place the agent writes to the Kubernetes API. Every write is a JSON merge patch (or, to
 * create an object, a server-side apply) under the field manager {@code wimigrate}, and every write
 * takes a dry-run flag that turns it into a server-side dry run: the apiserver validates and admits
 * the change (webhooks included) without persisting it.
 */
public class KubeGateway {

  public static final String POD_IDENTITY_API = "aadpodidentity.k8s.io/v1";
  public static final String KEDA_API = "keda.sh/v1alpha1";

  static final CustomKind AZURE_IDENTITY =
      new CustomKind(POD_IDENTITY_API, "AzureIdentity", "azureidentities");
  static final CustomKind AZURE_IDENTITY_BINDING =
      new CustomKind(POD_IDENTITY_API, "AzureIdentityBinding", "azureidentitybindings");
  static final CustomKind TRIGGER_AUTHENTICATION =
      new CustomKind(KEDA_API, "TriggerAuthentication", "triggerauthentications");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient kube;

  public KubeGateway(KubernetesClient kube) {
    this.kube = kube;
  }

  /** A namespaced custom resource kind that may not be installed. */
  public record CustomKind(String apiVersion, String kind, String plural) {
    ResourceDefinitionContext context() {
      int slash = apiVersion.indexOf('/');
      return new ResourceDefinitionContext.Builder()
          .withGroup(apiVersion.substring(0, slash))
          .withVersion(apiVersion.substring(slash + 1))
          .withKind(kind)
          .withPlural(plural)
          .withNamespaced(true)
          .build();
    }
  }

  // ---------------------------------------------------------------- workloads

  public Optional<HasMetadata> workload(WorkloadRef ref) {
    return Optional.ofNullable(workloadResource(ref).get());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Resource<HasMetadata> workloadResource(WorkloadRef ref) {
    String ns = ref.namespace();
    String name = ref.name();
    Resource resource =
        switch (ref.kind()) {
          case DEPLOYMENT -> kube.apps().deployments().inNamespace(ns).withName(name);
          case STATEFUL_SET -> kube.apps().statefulSets().inNamespace(ns).withName(name);
          case DAEMON_SET -> kube.apps().daemonSets().inNamespace(ns).withName(name);
          case CRON_JOB -> kube.batch().v1().cronjobs().inNamespace(ns).withName(name);
          case JOB -> kube.batch().v1().jobs().inNamespace(ns).withName(name);
          case POD -> kube.pods().inNamespace(ns).withName(name);
        };
    return resource;
  }

  /** JSON merge patch of a workload object; returns the object as (it would be) stored. */
  public HasMetadata patchWorkload(WorkloadRef ref, Map<String, Object> patch, boolean dryRun) {
    return workloadResource(ref).patch(patchContext(dryRun), json(patch));
  }

  /** Every top-level workload object of the namespace (or all namespaces for null). */
  public List<HasMetadata> workloadObjects(String namespace) {
    List<HasMetadata> all = new ArrayList<>();
    if (namespace == null) {
      all.addAll(kube.apps().deployments().inAnyNamespace().list().getItems());
      all.addAll(kube.apps().statefulSets().inAnyNamespace().list().getItems());
      all.addAll(kube.apps().daemonSets().inAnyNamespace().list().getItems());
      all.addAll(kube.batch().v1().cronjobs().inAnyNamespace().list().getItems());
      all.addAll(kube.batch().v1().jobs().inAnyNamespace().list().getItems());
      all.addAll(kube.pods().inAnyNamespace().list().getItems());
    } else {
      all.addAll(kube.apps().deployments().inNamespace(namespace).list().getItems());
      all.addAll(kube.apps().statefulSets().inNamespace(namespace).list().getItems());
      all.addAll(kube.apps().daemonSets().inNamespace(namespace).list().getItems());
      all.addAll(kube.batch().v1().cronjobs().inNamespace(namespace).list().getItems());
      all.addAll(kube.batch().v1().jobs().inNamespace(namespace).list().getItems());
      all.addAll(kube.pods().inNamespace(namespace).list().getItems());
    }
    return all;
  }

  /** The pod template of a workload object (a bare pod is its own template); null if none. */
  public static PodTemplateSpec templateSpec(HasMetadata object) {
    if (object instanceof Deployment d && d.getSpec() != null) {
      return d.getSpec().getTemplate();
    } else if (object instanceof StatefulSet s && s.getSpec() != null) {
      return s.getSpec().getTemplate();
    } else if (object instanceof DaemonSet s && s.getSpec() != null) {
      return s.getSpec().getTemplate();
    } else if (object instanceof Job j && j.getSpec() != null) {
      return j.getSpec().getTemplate();
    } else if (object instanceof CronJob c
        && c.getSpec() != null
        && c.getSpec().getJobTemplate() != null
        && c.getSpec().getJobTemplate().getSpec() != null) {
      return c.getSpec().getJobTemplate().getSpec().getTemplate();
    } else if (object instanceof Pod p) {
      return new PodTemplateSpec(p.getMetadata(), p.getSpec());
    }
    return null;
  }

  /** The migration-relevant part of a workload's pod template. */
  public static TemplateState templateOf(HasMetadata object) {
    PodTemplateSpec template = templateSpec(object);
    if (template == null) {
      return new TemplateState(Map.of(), Map.of(), null);
    }
    return new TemplateState(
        template.getMetadata() == null ? Map.of() : template.getMetadata().getLabels(),
        template.getMetadata() == null ? Map.of() : template.getMetadata().getAnnotations(),
        template.getSpec() == null
            ? null
            : DesiredChanges.blankToNull(template.getSpec().getServiceAccountName()));
  }

  /** The pod selector of a Deployment, StatefulSet or DaemonSet; null for other kinds. */
  public static LabelSelector selectorOf(HasMetadata object) {
    if (object instanceof Deployment d && d.getSpec() != null) {
      return d.getSpec().getSelector();
    } else if (object instanceof StatefulSet s && s.getSpec() != null) {
      return s.getSpec().getSelector();
    } else if (object instanceof DaemonSet s && s.getSpec() != null) {
      return s.getSpec().getSelector();
    } else if (object instanceof Job j && j.getSpec() != null) {
      return j.getSpec().getSelector();
    }
    return null;
  }

  public List<Pod> pods(String namespace, LabelSelector selector) {
    return kube.pods().inNamespace(namespace).withLabelSelector(selector).list().getItems();
  }

  // ---------------------------------------------------------------- service accounts

  public AccountState account(String namespace, String name) {
    ServiceAccount sa = kube.serviceAccounts().inNamespace(namespace).withName(name).get();
    return sa == null
        ? AccountState.absent()
        : new AccountState(true, sa.getMetadata().getLabels(), sa.getMetadata().getAnnotations());
  }

  public void createAccount(String namespace, String name, AccountState state, boolean dryRun) {
    ServiceAccount sa =
        new ServiceAccountBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(name)
            .withLabels(state.labels())
            .withAnnotations(state.annotations())
            .endMetadata()
            .build();
    kube.serviceAccounts()
        .inNamespace(namespace)
        .resource(sa)
        .dryRun(dryRun)
        .fieldManager(WorkloadIdentityKeys.FIELD_MANAGER)
        .serverSideApply();
  }

  public void patchAccount(
      String namespace, String name, Map<String, Object> metadataPatch, boolean dryRun) {
    kube.serviceAccounts()
        .inNamespace(namespace)
        .withName(name)
        .patch(patchContext(dryRun), json(Map.of("metadata", metadataPatch)));
  }

  public void deleteAccount(String namespace, String name, boolean dryRun) {
    kube.serviceAccounts().inNamespace(namespace).withName(name).dryRun(dryRun).delete();
  }

  // ---------------------------------------------------------------- custom resources

  /** The objects of a kind in a namespace (all namespaces for null); none if not installed. */
  public List<GenericKubernetesResource> list(CustomKind kind, String namespace) {
    try {
      var op = kube.genericKubernetesResources(kind.context());
      return namespace == null
          ? op.inAnyNamespace().list().getItems()
          : op.inNamespace(namespace).list().getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return List.of();
      }
      throw e;
    }
  }

  public void patchCustom(
      CustomKind kind, String namespace, String name, Map<String, Object> patch, boolean dryRun) {
    kube.genericKubernetesResources(kind.context())
        .inNamespace(namespace)
        .withName(name)
        .patch(patchContext(dryRun), json(patch));
  }

  public void deleteCustom(CustomKind kind, String namespace, String name, boolean dryRun) {
    kube.genericKubernetesResources(kind.context())
        .inNamespace(namespace)
        .withName(name)
        .dryRun(dryRun)
        .delete();
  }

  /** Creates (server-side apply) an object from a recorded manifest unless it exists. */
  public boolean recreate(CustomKind kind, Map<String, Object> manifest, boolean dryRun) {
    GenericKubernetesResource resource =
        JSON.convertValue(manifest, GenericKubernetesResource.class);
    var named =
        kube.genericKubernetesResources(kind.context())
            .inNamespace(resource.getMetadata().getNamespace())
            .withName(resource.getMetadata().getName());
    if (named.get() != null) {
      return false;
    }
    kube.genericKubernetesResources(kind.context())
        .inNamespace(resource.getMetadata().getNamespace())
        .resource(resource)
        .dryRun(dryRun)
        .fieldManager(WorkloadIdentityKeys.FIELD_MANAGER)
        .serverSideApply();
    return true;
  }

  /** What Rollback needs to recreate a deleted custom object: identity, labels, spec. */
  public static Map<String, Object> manifest(GenericKubernetesResource resource) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("namespace", resource.getMetadata().getNamespace());
    metadata.put("name", resource.getMetadata().getName());
    if (resource.getMetadata().getLabels() != null
        && !resource.getMetadata().getLabels().isEmpty()) {
      metadata.put("labels", resource.getMetadata().getLabels());
    }
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("apiVersion", resource.getApiVersion());
    manifest.put("kind", resource.getKind());
    manifest.put("metadata", metadata);
    manifest.put("spec", resource.getAdditionalProperties().get("spec"));
    return manifest;
  }

  private static PatchContext patchContext(boolean dryRun) {
    PatchContext.Builder builder =
        new PatchContext.Builder()
            .withPatchType(PatchType.JSON_MERGE)
            .withFieldManager(WorkloadIdentityKeys.FIELD_MANAGER);
    if (dryRun) {
      builder.withDryRun(List.of("All"));
    }
    return builder.build();
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code {spec: …template…}} for a non-empty template patch, else an empty (mutable) map. */
  static Map<String, Object> wrapTemplateOrEmpty(
      WorkloadKind kind, Map<String, Object> templatePatch) {
    Map<String, Object> patch = new LinkedHashMap<>();
    if (!templatePatch.isEmpty()) {
      patch.put("spec", wrapTemplate(kind, templatePatch));
    }
    return patch;
  }

  /** The workload kind's path from the object to its pod template, for merge patches. */
  static Map<String, Object> wrapTemplate(WorkloadKind kind, Map<String, Object> templatePatch) {
    Map<String, Object> spec = new LinkedHashMap<>();
    if (kind == WorkloadKind.CRON_JOB) {
      spec.put("jobTemplate", Map.of("spec", Map.of("template", templatePatch)));
    } else {
      spec.put("template", templatePatch);
    }
    return spec;
  }
}
