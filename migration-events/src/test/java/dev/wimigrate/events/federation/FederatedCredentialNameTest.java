package dev.wimigrate.events.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wimigrate.events.common.InvalidFieldException;
import org.junit.jupiter.api.Test;

class FederatedCredentialNameTest {
  static final String ISSUER = "https://westeurope.oic.prod-aks.azure.com/tenant/cluster/";

  @Test
  void ficNameIsDeterministicAndValidForAzure() {
    String name = FederatedCredentialName.of(ISSUER, "shop", "cart");

    assertThat(name).isEqualTo(FederatedCredentialName.of(ISSUER, "shop", "cart"));
    assertThat(name).matches("wi-shop-cart-[0-9a-f]{16}");
    assertThat(FederatedCredentialName.isValid(name)).isTrue();
  }

  @Test
  void ficNamesDifferPerIssuerNamespaceAndServiceAccount() {
    String name = FederatedCredentialName.of(ISSUER, "shop", "cart");

    // Entra compares issuers exactly: a trailing slash is another issuer, so another FIC.
    assertThat(FederatedCredentialName.of(ISSUER.substring(0, ISSUER.length() - 1), "shop", "cart"))
        .isNotEqualTo(name);
    assertThat(FederatedCredentialName.of(ISSUER, "shop-cart", "x"))
        .isNotEqualTo(FederatedCredentialName.of(ISSUER, "shop", "cart-x"));
    assertThat(FederatedCredentialName.of(ISSUER, "shop", "cart2")).isNotEqualTo(name);
  }

  @Test
  void longNamesAreCutToAzuresLimitAndStayUnique() {
    String ns = "n".repeat(63);
    String sa = "s".repeat(200) + ".internal";

    String name = FederatedCredentialName.of(ISSUER, ns, sa);
    assertThat(name).hasSize(120);
    assertThat(FederatedCredentialName.isValid(name)).isTrue();
    assertThat(FederatedCredentialName.of(ISSUER, ns, sa + "x")).hasSize(120).isNotEqualTo(name);
  }

  @Test
  void serviceAccountDotsBecomeDashes() {
    assertThat(FederatedCredentialName.of(ISSUER, "shop", "cart.api"))
        .startsWith("wi-shop-cart-api-");
  }

  @Test
  void inputsAreValidated() {
    assertThatThrownBy(() -> FederatedCredentialName.of("http://issuer", "shop", "cart"))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessage("issuer must be an https URL, got \"http://issuer\"");
    assertThatThrownBy(() -> FederatedCredentialName.of(ISSUER, "Shop", "cart"))
        .isInstanceOf(InvalidFieldException.class);
  }

  @Test
  void validityFollowsAzuresRules() {
    assertThat(FederatedCredentialName.isValid("ab")).isFalse();
    assertThat(FederatedCredentialName.isValid("_abc")).isFalse();
    assertThat(FederatedCredentialName.isValid("a.bc")).isFalse();
    assertThat(FederatedCredentialName.isValid("a_b-c")).isTrue();
    assertThat(FederatedCredentialName.isValid("a".repeat(121))).isFalse();
  }
}
