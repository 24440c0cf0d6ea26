package dev.wimigrate.agent.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wimigrate.events.common.OperatingSystem;
import dev.wimigrate.events.common.SdkGeneration;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkloadTraitsTest {

  static Stream<Arguments> operatingSystems() {
    return Stream.of(
        Arguments.of(
            "no OS constraint means Linux", new PodSpecBuilder().build(), OperatingSystem.LINUX),
        Arguments.of(
            "node selector windows",
            new PodSpecBuilder().withNodeSelector(Map.of("kubernetes.io/os", "windows")).build(),
            OperatingSystem.WINDOWS),
        Arguments.of(
            "legacy beta node selector linux",
            new PodSpecBuilder().withNodeSelector(Map.of("beta.kubernetes.io/os", "linux")).build(),
            OperatingSystem.LINUX),
        Arguments.of(
            "required node affinity In windows",
            new PodSpecBuilder()
                .withNewAffinity()
                .withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm()
                .addNewMatchExpression()
                .withKey("kubernetes.io/os")
                .withOperator("In")
                .withValues("windows")
                .endMatchExpression()
                .endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity()
                .endAffinity()
                .build(),
            OperatingSystem.WINDOWS),
        Arguments.of(
            "affinity allowing both OSes is unknown",
            new PodSpecBuilder()
                .withNewAffinity()
                .withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm()
                .addNewMatchExpression()
                .withKey("kubernetes.io/os")
                .withOperator("In")
                .withValues("windows", "linux")
                .endMatchExpression()
                .endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity()
                .endAffinity()
                .build(),
            OperatingSystem.UNKNOWN),
        Arguments.of(
            "toleration of the windows taint",
            new PodSpecBuilder()
                .addNewToleration()
                .withKey("os")
                .withValue("windows")
                .withEffect("NoSchedule")
                .endToleration()
                .build(),
            OperatingSystem.WINDOWS),
        Arguments.of(
            "spec.os.name windows",
            new PodSpecBuilder().withNewOs().withName("windows").endOs().build(),
            OperatingSystem.WINDOWS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operatingSystems")
  void operatingSystemIsReadFromSchedulingConstraints(
      String name, PodSpec spec, OperatingSystem expected) {
    assertThat(WorkloadTraits.operatingSystem(spec)).isEqualTo(expected);
  }

  @Test
  void sdkHintOnTheWorkloadWinsOverTheTemplate() {
    assertThat(
            WorkloadTraits.sdkHint(
                Map.of(WorkloadTraits.SDK_HINT, "legacy"),
                Map.of(WorkloadTraits.SDK_HINT, "latest"),
                Map.of()))
        .isEqualTo(SdkGeneration.LEGACY);
    assertThat(WorkloadTraits.sdkHint(null, Map.of(), Map.of(WorkloadTraits.SDK_HINT, "latest")))
        .isEqualTo(SdkGeneration.LATEST);
    assertThat(WorkloadTraits.sdkHint(Map.of(WorkloadTraits.SDK_HINT, "maybe"), null, null))
        .isEqualTo(SdkGeneration.UNKNOWN);
  }

  @Test
  void workloadIdentityStateSeesLabelAnnotationSidecarAndTokenVolume() {
    PodSpec spec =
        new PodSpecBuilder()
            .addNewContainer()
            .withName("app")
            .withImage("app:1")
            .endContainer()
            .addNewContainer()
            .withName("azwi-proxy")
            .withImage("proxy:1")
            .endContainer()
            .addNewVolume()
            .withName("azure-identity-token")
            .withNewProjected()
            .addNewSource()
            .withNewServiceAccountToken()
            .withAudience("api://AzureADTokenExchange")
            .withPath("token")
            .endServiceAccountToken()
            .endSource()
            .endProjected()
            .endVolume()
            .build();
    var sa =
        new ServiceAccountBuilder()
            .withNewMetadata()
            .withName("app")
            .addToAnnotations(WorkloadTraits.WI_CLIENT_ID, "00000000-0000-0000-0000-000000000001")
            .endMetadata()
            .build();

    var state =
        WorkloadTraits.workloadIdentityState(
            Map.of("azure.workload.identity/use", "true"), spec, sa);

    assertThat(state.useLabel()).isTrue();
    assertThat(state.saClientIdAnnotation()).isEqualTo("00000000-0000-0000-0000-000000000001");
    assertThat(state.sidecarInjected()).isTrue();
    assertThat(state.tokenVolumePresent()).isTrue();
  }

  @Test
  void podSecurityLevelIsTheEnforcedOne() {
    assertThat(
            WorkloadTraits.podSecurityLevel(
                Map.of("pod-security.kubernetes.io/enforce", "restricted")))
        .isEqualTo("restricted");
    assertThat(
            WorkloadTraits.podSecurityLevel(
                Map.of("pod-security.kubernetes.io/warn", "restricted")))
        .isNull();
    assertThat(WorkloadTraits.podSecurityLevel(null)).isNull();
  }
}
