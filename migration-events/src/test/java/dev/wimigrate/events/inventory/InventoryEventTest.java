package dev.wimigrate.events.inventory;

import static dev.wimigrate.events.Samples.CART;
import static dev.wimigrate.events.Samples.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wimigrate.events.Samples;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class InventoryEventTest {
  @Test
  void eachObservedObjectHasItsOwnKey() {
    assertThat(Samples.workloadObserved().partitionKey()).isEqualTo(CART.key());
    assertThat(new WorkloadGone(CART, NOW).partitionKey()).isEqualTo(CART.key());
    assertThat(
            new PodIdentityObserved(
                    "c1", "shop", "cart-identity", 0, null, null, List.of(), List.of(), true, NOW)
                .partitionKey())
        .isEqualTo("c1/shop/AzureIdentity/cart-identity");
    assertThat(
            new TriggerAuthenticationObserved("c1", "shop", "q", false, "azure", null, false, NOW)
                .partitionKey())
        .isEqualTo("c1/shop/TriggerAuthentication/q");
    assertThat(
            new TriggerAuthenticationObserved("c1", null, "q", true, "azure", null, false, NOW)
                .partitionKey())
        .isEqualTo("c1/ClusterTriggerAuthentication/q");
    assertThat(new SnapshotCompleted("c1", "snap-1", 0, NOW, null).partitionKey())
        .isEqualTo("c1/SnapshotCompleted");
  }

  @Test
  void triggerAuthenticationNamespaceMatchesItsScope() {
    assertThatThrownBy(
            () ->
                new TriggerAuthenticationObserved(
                    "c1", "shop", "q", true, "azure", null, false, NOW))
        .hasMessage("namespace must be absent for a ClusterTriggerAuthentication, got \"shop\"");
    assertThatThrownBy(
            () ->
                new TriggerAuthenticationObserved(
                    "c1", null, "q", false, "azure", null, false, NOW))
        .hasMessage("namespace must be set for a namespaced TriggerAuthentication");
  }

  @Test
  void podIdentityValuesArePassedOnVerbatim() {
    // A broken AzureIdentity is exactly what the inventory must hear about.
    var observed =
        new PodIdentityObserved(
            "c1",
            "shop",
            "cart-identity",
            0,
            "not-an-arm-id",
            "not-a-guid",
            List.of(),
            List.of(),
            false,
            NOW);

    assertThat(observed.resourceId()).isEqualTo("not-an-arm-id");
  }

  @Test
  void aWorkloadHasAContainerAndAKnownPodSecurityLevel() {
    WorkloadObserved sample = Samples.workloadObserved();
    assertThatThrownBy(() -> withContainers(sample, List.of()))
        .hasMessage("containers must not be empty");
    assertThatThrownBy(() -> withPodSecurityLevel(sample, "strict"))
        .hasMessage("podSecurityLevel must be privileged, baseline or restricted, got \"strict\"");
  }

  @Test
  void labelsAreAnImmutableSortedCopy() {
    var labels = new HashMap<>(Samples.workloadObserved().labels());
    WorkloadObserved sample = Samples.workloadObserved();
    labels.put("late", "x");

    assertThat(sample.labels()).doesNotContainKey("late");
    assertThat(sample.labels().keySet()).containsExactly("aadpodidbinding", "app", "team");
    assertThatThrownBy(() -> sample.labels().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static WorkloadObserved withContainers(
      WorkloadObserved w, List<ContainerInfo> containers) {
    return new WorkloadObserved(
        w.workload(),
        w.serviceAccountName(),
        w.podIdentitySelector(),
        w.bindings(),
        w.os(),
        w.hostNetwork(),
        containers,
        w.sdkHint(),
        w.podSecurityLevel(),
        w.wiState(),
        w.labels(),
        w.observedAt(),
        w.snapshot());
  }

  private static WorkloadObserved withPodSecurityLevel(WorkloadObserved w, String level) {
    return new WorkloadObserved(
        w.workload(),
        w.serviceAccountName(),
        w.podIdentitySelector(),
        w.bindings(),
        w.os(),
        w.hostNetwork(),
        w.containers(),
        w.sdkHint(),
        level,
        w.wiState(),
        w.labels(),
        w.observedAt(),
        w.snapshot());
  }
}
