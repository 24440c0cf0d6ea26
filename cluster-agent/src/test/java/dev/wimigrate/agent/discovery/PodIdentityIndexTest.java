package dev.wimigrate.agent.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wimigrate.events.inventory.PodIdentityBindingRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodIdentityIndexTest {

  static final String RID =
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/orders";
  final AzureIdentityObject orders =
      new AzureIdentityObject("shop", "orders-id", 0, RID, "11111111-1111-1111-1111-111111111111");
  final AzureIdentityBindingObject ordersBinding =
      new AzureIdentityBindingObject("shop", "orders-binding", "orders-id", "orders");

  @Test
  void labelValueResolvesThroughTheBindingToTheIdentity() {
    var index = new PodIdentityIndex(List.of(orders), List.of(ordersBinding), false);

    assertThat(index.bindingsFor("shop", "orders"))
        .containsExactly(
            new PodIdentityBindingRef(
                "orders-binding", "orders-id", RID, "11111111-1111-1111-1111-111111111111", 0));
  }

  @Test
  void bindingsMatchPodsOfOtherNamespacesUnlessForceNamespaced() {
    assertThat(
            new PodIdentityIndex(List.of(orders), List.of(ordersBinding), false)
                .bindingsFor("billing", "orders"))
        .hasSize(1);
    assertThat(
            new PodIdentityIndex(List.of(orders), List.of(ordersBinding), true)
                .bindingsFor("billing", "orders"))
        .isEmpty();
  }

  @Test
  void severalBindingsOnOneSelectorAreAllReportedInNameOrder() {
    var second = new AzureIdentityBindingObject("shop", "a-second-binding", "orders-id", "orders");
    var index = new PodIdentityIndex(List.of(orders), List.of(ordersBinding, second), false);

    assertThat(index.bindingsFor("shop", "orders"))
        .extracting(PodIdentityBindingRef::bindingName)
        .containsExactly("a-second-binding", "orders-binding");
  }

  @Test
  void bindingToAMissingIdentityIsReportedWithoutIds() {
    var dangling = new AzureIdentityBindingObject("shop", "dangling", "gone-id", "legacy");
    var index = new PodIdentityIndex(List.of(orders), List.of(dangling), false);

    assertThat(index.bindingsFor("shop", "legacy"))
        .singleElement()
        .satisfies(
            ref -> {
              assertThat(ref.identityName()).isEqualTo("gone-id");
              assertThat(ref.identityResourceId()).isNull();
              assertThat(ref.clientId()).isNull();
            });
  }

  @Test
  void servicePrincipalIdentityKeepsItsType() {
    var sp =
        new AzureIdentityObject("shop", "sp-id", 1, null, "22222222-2222-2222-2222-222222222222");
    var binding = new AzureIdentityBindingObject("shop", "sp-binding", "sp-id", "sp");

    assertThat(new PodIdentityIndex(List.of(sp), List.of(binding), false).bindingsFor("shop", "sp"))
        .extracting(PodIdentityBindingRef::identityType)
        .containsExactly(1);
  }

  @Test
  void podWithoutTheLabelHasNoBindings() {
    var index = new PodIdentityIndex(List.of(orders), List.of(ordersBinding), false);
    assertThat(index.bindingsFor("shop", null)).isEmpty();
    assertThat(index.bindingsFor("shop", "other")).isEmpty();
  }
}
