package dev.wimigrate.webhook.mutation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsParsingTest {

  @ParameterizedTest(name = "{0} -> native sidecars {1}")
  @CsvSource({
    "v1.34.4, true",
    "v1.32.0, true",
    "1.32, true",
    "v1.31.9, false",
    "v1.30.2-gke.1, false",
    "1.29+, false",
    "v2.0.0, true"
  })
  void nativeSidecarPlacementStartsAtKubernetes132(String version, boolean expected) {
    assertThat(KubernetesVersion.parse(version).supportsNativeSidecars()).isEqualTo(expected);
  }

  @Test
  void unreadableKubernetesVersionIsRejected() {
    assertThat(catchThrowable(() -> KubernetesVersion.parse("latest")))
        .hasMessage("cannot read a Kubernetes version from \"latest\": expected e.g. v1.32.1");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"v1.6, V1_6", "1.6, V1_6", "v1.6.0, V1_6", "v1.5, V1_5", "1.5.2, V1_5"})
  void tokenLayoutNames(String text, TokenLayout layout) {
    assertThat(TokenLayout.parse(text)).isEqualTo(layout);
  }

  @Test
  void unknownTokenLayoutIsRejected() {
    assertThat(catchThrowable(() -> TokenLayout.parse("v2")))
        .hasMessage("unknown token layout \"v2\": expected v1.6 (default) or v1.5");
  }

  @Test
  void unknownAzureEnvironmentIsRejected() {
    assertThat(catchThrowable(() -> AzureEnvironment.parse("AzureStackCloud")))
        .hasMessageStartingWith("unknown AZURE_ENVIRONMENT \"AzureStackCloud\"");
  }

  @Test
  void v16VolumeNameOfTheReferenceSample() {
    assertThat(TokenLayout.V1_6.volumeName("pod"))
        .isEqualTo("azure-workload-identity-reserved-425c89ed5bb78a7623fae60fd8a6f6");
    assertThat(TokenLayout.V1_5.volumeName("pod")).isEqualTo("azure-identity-token");
  }

  @Test
  void settingsWithoutTenantAreRefusedAtStartUp() {
    assertThat(
            catchThrowable(
                () ->
                    MutationSettings.defaults(TokenLayout.V1_6, " ", new KubernetesVersion(1, 34))))
        .hasMessage("AZURE_TENANT_ID not set: the webhook needs a default tenant id");
  }
}
