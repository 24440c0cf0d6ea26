package dev.wimigrate.events.planning;

import static dev.wimigrate.events.common.MigrationPath.LATEST_SDK;
import static dev.wimigrate.events.common.MigrationPath.REWRITE_REQUIRED;
import static dev.wimigrate.events.common.MigrationPath.SIDECAR;
import static dev.wimigrate.events.common.OperatingSystem.LINUX;
import static dev.wimigrate.events.common.OperatingSystem.UNKNOWN;
import static dev.wimigrate.events.common.OperatingSystem.WINDOWS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wimigrate.events.common.MigrationPath;
import dev.wimigrate.events.common.OperatingSystem;
import dev.wimigrate.events.common.SdkGeneration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MigrationPathsTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "latest SDK on Linux runs in parallel",
            SdkGeneration.LATEST,
            LINUX,
            false,
            null,
            LATEST_SDK,
            false),
        Arguments.of(
            "latest SDK on Windows runs in parallel",
            SdkGeneration.LATEST,
            WINDOWS,
            false,
            null,
            LATEST_SDK,
            false),
        Arguments.of(
            "latest SDK with hostNetwork runs in parallel",
            SdkGeneration.LATEST,
            LINUX,
            true,
            "restricted",
            LATEST_SDK,
            false),
        Arguments.of(
            "legacy SDK on Linux gets the sidecar",
            SdkGeneration.LEGACY,
            LINUX,
            false,
            null,
            SIDECAR,
            false),
        Arguments.of(
            "unknown SDK on Linux is treated as legacy",
            SdkGeneration.UNKNOWN,
            LINUX,
            false,
            "privileged",
            SIDECAR,
            false),
        Arguments.of(
            "legacy SDK on Windows must be rewritten",
            SdkGeneration.LEGACY,
            WINDOWS,
            false,
            null,
            REWRITE_REQUIRED,
            false),
        Arguments.of(
            "legacy SDK with unknown OS must be rewritten",
            SdkGeneration.LEGACY,
            UNKNOWN,
            false,
            null,
            REWRITE_REQUIRED,
            false),
        Arguments.of(
            "legacy SDK with hostNetwork must be rewritten",
            SdkGeneration.LEGACY,
            LINUX,
            true,
            null,
            REWRITE_REQUIRED,
            false),
        Arguments.of(
            "baseline namespace gets the unprivileged sidecar",
            SdkGeneration.LEGACY,
            LINUX,
            false,
            "baseline",
            SIDECAR,
            true),
        Arguments.of(
            "restricted namespace gets the unprivileged sidecar",
            SdkGeneration.UNKNOWN,
            LINUX,
            false,
            "restricted",
            SIDECAR,
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void pathFollowsTheMigrationGuide(
      String name,
      SdkGeneration sdk,
      OperatingSystem os,
      boolean hostNetwork,
      String podSecurity,
      MigrationPath expected,
      boolean unprivileged) {
    PlannedPath planned = MigrationPaths.choose(sdk, os, hostNetwork, podSecurity);

    assertThat(planned.path()).isEqualTo(expected);
    assertThat(planned.unprivilegedSidecar()).isEqualTo(unprivileged);
    assertThat(planned.reason()).isNotBlank();
  }

  @org.junit.jupiter.api.Test
  void workloadWithAServicePrincipalIdentityMustBeRewritten() {
    var w = dev.wimigrate.events.Samples.workloadObserved();
    var sp =
        new dev.wimigrate.events.inventory.PodIdentityBindingRef(
            "cart-binding",
            "cart-sp",
            w.bindings().get(0).identityResourceId(),
            w.bindings().get(0).clientId(),
            1);

    PlannedPath planned = MigrationPaths.choose(withBindings(w, java.util.List.of(sp)));

    assertThat(planned.path()).isEqualTo(REWRITE_REQUIRED);
    assertThat(planned.reason()).contains("service principal");
  }

  @org.junit.jupiter.api.Test
  void workloadWhoseLabelMatchesNoBindingHasNothingToMigrate() {
    var w = dev.wimigrate.events.Samples.workloadObserved();

    PlannedPath planned = MigrationPaths.choose(withBindings(w, java.util.List.of()));

    assertThat(planned.path()).isEqualTo(REWRITE_REQUIRED);
    assertThat(planned.reason()).contains("matches no AzureIdentityBinding");
  }

  @org.junit.jupiter.api.Test
  void sampleLegacyWorkloadInABaselineNamespaceGetsTheUnprivilegedSidecar() {
    PlannedPath planned = MigrationPaths.choose(dev.wimigrate.events.Samples.workloadObserved());

    assertThat(planned.path()).isEqualTo(SIDECAR);
    assertThat(planned.unprivilegedSidecar()).isTrue();
  }

  static dev.wimigrate.events.inventory.WorkloadObserved withBindings(
      dev.wimigrate.events.inventory.WorkloadObserved w,
      java.util.List<dev.wimigrate.events.inventory.PodIdentityBindingRef> bindings) {
    return new dev.wimigrate.events.inventory.WorkloadObserved(
        w.workload(),
        w.serviceAccountName(),
        w.podIdentitySelector(),
        bindings,
        w.os(),
        w.hostNetwork(),
        w.containers(),
        w.sdkHint(),
        w.podSecurityLevel(),
        w.wiState(),
        w.labels(),
        w.observedAt(),
        w.snapshot());
  }
}
