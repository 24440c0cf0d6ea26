package dev.wimigrate.events.identity;

import static dev.wimigrate.events.Samples.CLUSTER_RESOURCE_ID;
import static dev.wimigrate.events.Samples.IDENTITY;
import static dev.wimigrate.events.Samples.OVERFLOW_IDENTITY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wimigrate.events.Samples;
import dev.wimigrate.events.common.StepRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityCommandTest {
  final StepRef step = Samples.step("s");

  @Test
  void creatingAnIdentityNeedsALocation() {
    assertThat(new EnsureManagedIdentity(step, IDENTITY, false, null, null).tags()).isEmpty();
    assertThatThrownBy(() -> new EnsureManagedIdentity(step, IDENTITY, true, null, Map.of()))
        .hasMessage("location must be set when create is true");
  }

  @Test
  void identityCommandsAreKeyedByTheIdentityWrittenTo() {
    assertThat(new EnsureManagedIdentity(step, IDENTITY, false, null, null).partitionKey())
        .isEqualTo(IDENTITY.toLowerCase());
    assertThat(new CopyRoleAssignments(step, IDENTITY, OVERFLOW_IDENTITY).partitionKey())
        .isEqualTo(OVERFLOW_IDENTITY.toLowerCase());
    assertThat(new EnableClusterWorkloadIdentity(step, "c1", CLUSTER_RESOURCE_ID).partitionKey())
        .isEqualTo("c1");
  }

  @Test
  void copyingRoleAssignmentsOntoTheSameIdentityIsRejected() {
    assertThatThrownBy(() -> new CopyRoleAssignments(step, IDENTITY, IDENTITY.toLowerCase()))
        .hasMessage("toResourceId must differ from fromResourceId");
  }

  @Test
  void removingPodIdentityMustHaveSomethingToDo() {
    assertThat(
            new RemovePodIdentity(step, "c1", CLUSTER_RESOURCE_ID, List.of(), true).disableAddon())
        .isTrue();
    assertThatThrownBy(
            () -> new RemovePodIdentity(step, "c1", CLUSTER_RESOURCE_ID, List.of(), false))
        .hasMessage("podIdentityNames must not be empty unless disableAddon is true");
  }

  @Test
  void clusterCommandsNeedAnAksResourceId() {
    assertThatThrownBy(() -> new EnableClusterWorkloadIdentity(step, "c1", IDENTITY))
        .hasMessageStartingWith("clusterResourceId must be the ARM id of an AKS cluster");
  }

  @Test
  void identityReadyExposesTheIdentity() {
    var ready =
        new IdentityReady(
            step, IDENTITY, Samples.CLIENT_ID, Samples.PRINCIPAL_ID, Samples.TENANT_ID, true, null);

    assertThat(ready.identity().name()).isEqualTo("id-cart");
    assertThat(ready.identity().clientId()).isEqualTo(Samples.CLIENT_ID);
  }
}
