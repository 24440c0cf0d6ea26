package dev.wimigrate.agent.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wimigrate.events.common.OperatingSystem;
import dev.wimigrate.events.common.SdkGeneration;
import dev.wimigrate.events.common.WorkloadKind;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadObserverTest {

  final Instant now = Instant.parse("2026-11-23T00:00:00Z");
  final PodIdentityIndex index =
      new PodIdentityIndex(
          List.of(
              new AzureIdentityObject(
                  "shop", "orders-id", 0, null, "11111111-1111-1111-1111-111111111111")),
          List.of(new AzureIdentityBindingObject("shop", "orders-binding", "orders-id", "orders")),
          false);
  final WorkloadObserver observer =
      new WorkloadObserver(
          "aks-1",
          index,
          (ns, sa) -> null,
          ns -> Map.of("pod-security.kubernetes.io/enforce", "baseline"));

  @Test
  void deploymentUsingPodIdentityIsReportedWithEverythingThePlannerNeeds() {
    var deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withNamespace("shop")
            .withName("orders")
            .addToAnnotations("wimigrate.dev/azure-sdk", "legacy")
            .endMetadata()
            .withNewSpec()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("aadpodidbinding", "orders")
            .endMetadata()
            .withNewSpec()
            .withServiceAccountName("orders-sa")
            .withHostNetwork(true)
            .addNewInitContainer()
            .withName("migrate")
            .withImage("flyway:9")
            .endInitContainer()
            .addNewContainer()
            .withName("app")
            .withImage("shop/orders:3.1")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();

    var observed =
        observer.observe(WorkloadSource.of(deployment).orElseThrow(), now, true).orElseThrow();

    assertThat(observed.workload().key()).isEqualTo("aks-1/shop/Deployment/orders");
    assertThat(observed.serviceAccountName()).isEqualTo("orders-sa");
    assertThat(observed.podIdentitySelector()).isEqualTo("orders");
    assertThat(observed.bindings()).hasSize(1);
    assertThat(observed.os()).isEqualTo(OperatingSystem.LINUX);
    assertThat(observed.hostNetwork()).isTrue();
    assertThat(observed.sdkHint()).isEqualTo(SdkGeneration.LEGACY);
    assertThat(observed.podSecurityLevel()).isEqualTo("baseline");
    assertThat(observed.containers())
        .hasSize(2)
        .first()
        .satisfies(c -> assertThat(c.init()).isTrue());
    assertThat(observed.snapshot()).isTrue();
  }

  @Test
  void workloadWithoutPodIdentityOrWorkloadIdIsNotReported() {
    var plain =
        new DeploymentBuilder()
            .withNewMetadata()
            .withNamespace("shop")
            .withName("web")
            .endMetadata()
            .withNewSpec()
            .withNewTemplate()
            .withNewSpec()
            .addNewContainer()
            .withName("web")
            .withImage("nginx")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();

    assertThat(observer.observe(WorkloadSource.of(plain).orElseThrow(), now, false)).isEmpty();
  }

  @Test
  void podOwnedByAControllerIsNotAWorkloadOfItsOwn() {
    var owned =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace("shop")
            .withName("orders-abc")
            .addNewOwnerReference()
            .withKind("ReplicaSet")
            .withName("orders-5d")
            .withController(true)
            .withApiVersion("apps/v1")
            .withUid("u")
            .endOwnerReference()
            .endMetadata()
            .build();

    assertThat(WorkloadSource.of(owned)).isEmpty();
  }

  @Test
  void cronJobIsObservedThroughItsJobTemplate() {
    var cron =
        new CronJobBuilder()
            .withNewMetadata()
            .withNamespace("shop")
            .withName("nightly")
            .endMetadata()
            .withNewSpec()
            .withSchedule("0 2 * * *")
            .withNewJobTemplate()
            .withNewSpec()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("aadpodidbinding", "orders")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("job")
            .withImage("shop/report:1")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .endJobTemplate()
            .endSpec()
            .build();

    var observed =
        observer.observe(WorkloadSource.of(cron).orElseThrow(), now, false).orElseThrow();

    assertThat(observed.workload().kind()).isEqualTo(WorkloadKind.CRON_JOB);
    assertThat(observed.serviceAccountName()).isEqualTo("default");
    assertThat(observed.bindings()).extracting(b -> b.identityName()).containsExactly("orders-id");
  }
}
