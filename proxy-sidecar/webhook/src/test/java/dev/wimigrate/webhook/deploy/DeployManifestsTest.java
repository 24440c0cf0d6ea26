package dev.wimigrate.webhook.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wimigrate.webhook.testing.WebhookTestResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The manifests in {@code deploy/webhook} pass the real apiserver's validation (server-side dry
 * run), the webhook pod passes Pod Security "restricted", and the security-relevant settings are
 * what the docs promise.
 */
@QuarkusTest
@WithTestResource(WebhookTestResource.class)
class DeployManifestsTest {

  @Inject KubernetesClient kube;

  static Path deployDir() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("deploy/webhook");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("deploy/webhook not found");
  }

  static List<HasMetadata> load(KubernetesClient kube) throws Exception {
    List<HasMetadata> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(deployDir())) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        if (file.getFileName().toString().equals("kustomization.yaml")) {
          continue;
        }
        try (InputStream in = Files.newInputStream(file)) {
          all.addAll(kube.load(in).items());
        }
      }
    }
    return all;
  }

  static <T> T only(List<HasMetadata> all, Class<T> type) {
    List<T> found = all.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  @Test
  void manifestsPassServerSideValidation() throws Exception {
    List<HasMetadata> all = load(kube);
    String ns = "wh-deploy-" + UUID.randomUUID().toString().substring(0, 8);
    kube.namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    for (HasMetadata item : all) {
      if (item instanceof Namespace) {
        kube.resource(item).dryRun().create();
        continue;
      }
      if (item.getMetadata().getNamespace() != null) {
        item.getMetadata().setNamespace(ns);
      }
      kube.resource(item).dryRun().create();
    }
    kube.namespaces().withName(ns).delete();
  }

  @Test
  void webhookPodPassesPodSecurityRestricted() throws Exception {
    Deployment deployment = only(load(kube), Deployment.class);
    String ns = "wh-pss-" + UUID.randomUUID().toString().substring(0, 8);
    kube.namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(ns)
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .endMetadata()
                .build())
        .create();
    ServiceAccount sa = only(load(kube), ServiceAccount.class);
    sa.getMetadata().setNamespace(ns);
    kube.resource(sa).create();

    Pod pod =
        new PodBuilder()
            .withMetadata(deployment.getSpec().getTemplate().getMetadata())
            .editMetadata()
            .withName("webhook")
            .withNamespace(ns)
            .endMetadata()
            .withSpec(deployment.getSpec().getTemplate().getSpec())
            .build();
    // rejected with a PodSecurity message if any restricted rule were broken
    kube.pods().inNamespace(ns).resource(pod).dryRun().create();

    // the check is live: the same pod with an added capability is refused
    Pod privileged = new PodBuilder(pod).build();
    privileged
        .getSpec()
        .getContainers()
        .get(0)
        .getSecurityContext()
        .getCapabilities()
        .setAdd(List.of("NET_ADMIN"));
    assertThat(
            catchThrowableOfType(
                KubernetesClientException.class,
                () -> kube.pods().inNamespace(ns).resource(privileged).dryRun().create()))
        .hasMessageContaining("violates PodSecurity \"restricted:latest\"");
    kube.namespaces().withName(ns).delete();
  }

  @Test
  void rbacReadsServiceAccountsOnly() throws Exception {
    List<HasMetadata> all = load(kube);
    ClusterRole role = only(all, ClusterRole.class);
    assertThat(role.getRules()).hasSize(1);
    assertThat(role.getRules().get(0).getApiGroups()).containsExactly("");
    assertThat(role.getRules().get(0).getResources()).containsExactly("serviceaccounts");
    assertThat(role.getRules().get(0).getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
    ClusterRoleBinding binding = only(all, ClusterRoleBinding.class);
    assertThat(binding.getSubjects().get(0).getName()).isEqualTo("wimigrate-webhook");
    assertThat(all).noneMatch(i -> i.getKind().equals("Role") || i.getKind().equals("RoleBinding"));
  }

  @Test
  void admissionRegistrationMatchesLabelledPodCreationOnly() throws Exception {
    MutatingWebhook webhook =
        only(load(kube), MutatingWebhookConfiguration.class).getWebhooks().get(0);
    assertThat(webhook.getObjectSelector().getMatchLabels())
        .containsExactly(java.util.Map.entry("azure.workload.identity/use", "true"));
    assertThat(webhook.getSideEffects()).isEqualTo("None");
    assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(10);
    assertThat(webhook.getClientConfig().getService().getPath()).isEqualTo("/mutate-v1-pod");
    assertThat(webhook.getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getOperations()).containsExactly("CREATE");
              assertThat(r.getResources()).containsExactly("pods");
            });
  }

  @Test
  void webhookContainerIsHardened() throws Exception {
    Deployment deployment = only(load(kube), Deployment.class);
    var spec = deployment.getSpec().getTemplate().getSpec();
    var container = spec.getContainers().get(0);
    assertThat(spec.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
  }
}
