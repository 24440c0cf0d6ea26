package dev.wimigrate.events.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypesTest {
  static final String IDENTITY =
      "/subscriptions/6f1c2b3a-4d5e-4f60-8a9b-0c1d2e3f4a5b/resourceGroups/rg-identities"
          + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-cart";

  @Test
  void workloadKeyRoundTrips() {
    for (WorkloadKind kind : WorkloadKind.values()) {
      var ref = new WorkloadRef("prod-weu-01", "shop", kind, "cart.v2");
      assertThat(WorkloadRef.parse(ref.key())).isEqualTo(ref);
    }
    assertThat(new WorkloadRef("prod-weu-01", "shop", WorkloadKind.STATEFUL_SET, "db").key())
        .isEqualTo("prod-weu-01/shop/StatefulSet/db");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "c/shop/Deployment",
        "c/shop/Deployment/cart/x",
        "c/shop/deployment/cart",
        "c//Deployment/cart",
        ""
      })
  void workloadKeyParsingRejectsMalformedKeys(String key) {
    assertThatThrownBy(() -> WorkloadRef.parse(key)).isInstanceOf(InvalidFieldException.class);
  }

  @Test
  void workloadRefNamesWhatIsWrong() {
    assertThatThrownBy(() -> new WorkloadRef("c1", "Foo_", WorkloadKind.DEPLOYMENT, "cart"))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessage("namespace must be a DNS-1123 label, got \"Foo_\"")
        .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo("namespace"));
    assertThatThrownBy(() -> new WorkloadRef("c1", "a".repeat(64), WorkloadKind.DEPLOYMENT, "cart"))
        .hasMessageStartingWith("namespace must be a DNS-1123 label");
    assertThatThrownBy(() -> new WorkloadRef("c/1", "shop", WorkloadKind.DEPLOYMENT, "cart"))
        .hasMessageStartingWith("clusterId must be a cluster id");
    assertThatThrownBy(() -> new WorkloadRef("c1", "shop", null, "cart"))
        .hasMessage("kind must not be null");
    assertThatThrownBy(() -> new WorkloadRef("c1", "shop", WorkloadKind.POD, "Cart"))
        .hasMessage("name must be a DNS-1123 subdomain, got \"Cart\"");
  }

  @Test
  void workloadKindsUseKubernetesSpelling() {
    assertThat(Arrays.stream(WorkloadKind.values()).map(WorkloadKind::kubernetesName))
        .containsExactly("Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job", "Pod");
    assertThat(WorkloadKind.fromKubernetesName("CronJob")).contains(WorkloadKind.CRON_JOB);
    assertThat(WorkloadKind.fromKubernetesName("cronjob")).isEmpty();
  }

  @Test
  void identityRefAcceptsArmIdsInAnyCase() {
    String lower =
        IDENTITY
            .replace("resourceGroups", "resourcegroups")
            .replace("Microsoft.ManagedIdentity", "microsoft.managedidentity");
    var ref = new IdentityRef(lower, null);

    assertThat(ref.subscriptionId()).isEqualTo("6f1c2b3a-4d5e-4f60-8a9b-0c1d2e3f4a5b");
    assertThat(ref.resourceGroup()).isEqualTo("rg-identities");
    assertThat(ref.name()).isEqualTo("id-cart");
    assertThat(ref.sameResource(IDENTITY)).isTrue();
    assertThat(ref.partitionKey())
        .isEqualTo(IdentityRef.partitionKey(IDENTITY))
        .isEqualTo(IDENTITY.toLowerCase());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/subscriptions/6f1c2b3a-4d5e-4f60-8a9b-0c1d2e3f4a5b/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm",
        "/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-cart",
        "/subscriptions/6f1c2b3a-4d5e-4f60-8a9b-0c1d2e3f4a5b/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/x",
        "subscriptions/6f1c2b3a-4d5e-4f60-8a9b-0c1d2e3f4a5b/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-cart",
        "id-cart"
      })
  void identityRefRejectsAnythingButAUserAssignedIdentity(String resourceId) {
    assertThatThrownBy(() -> new IdentityRef(resourceId, null))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageStartingWith(
            "resourceId must be the ARM id of a user-assigned managed identity");
  }

  @Test
  void identityRefClientIdIsAnOptionalUuid() {
    assertThat(new IdentityRef(IDENTITY, "1B2C3D4E-5F60-4A7B-8C9D-0E1F2A3B4C5D").clientId())
        .isNotNull();
    assertThatThrownBy(() -> new IdentityRef(IDENTITY, "cart"))
        .hasMessage("clientId must be a UUID, got \"cart\"");
  }

  @Test
  void serviceAccountSubjectRoundTrips() {
    var sa = new ServiceAccountRef("shop", "cart");

    assertThat(sa.subject()).isEqualTo("system:serviceaccount:shop:cart");
    assertThat(ServiceAccountRef.fromSubject(sa.subject())).isEqualTo(sa);
    assertThatThrownBy(() -> ServiceAccountRef.fromSubject("system:serviceaccount:shop"))
        .isInstanceOf(InvalidFieldException.class);
    assertThatThrownBy(() -> ServiceAccountRef.fromSubject("user:x:shop:cart"))
        .isInstanceOf(InvalidFieldException.class);
  }

  @Test
  void stepAttemptsCountFromOne() {
    var step = new StepRef("mig-1", "fic-cart", 1);

    assertThat(step.nextAttempt()).isEqualTo(new StepRef("mig-1", "fic-cart", 2));
    assertThatThrownBy(() -> new StepRef("mig-1", "fic-cart", 0))
        .hasMessage("attempt must be >= 1, got 0");
    assertThatThrownBy(() -> new StepRef("mig 1", "fic-cart", 1))
        .hasMessageStartingWith("migrationId must be 1-256 visible ASCII");
  }

  @Test
  void collectionsAreImmutableCopiesWithoutNulls() {
    var names = new ArrayList<>(List.of("a"));
    List<String> copy = Checks.list("names", names);
    names.add("b");

    assertThat(copy).containsExactly("a");
    assertThatThrownBy(() -> copy.add("c")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> Checks.list("names", Arrays.asList("a", null)))
        .hasMessage("names[1] must not be null");
  }
}
