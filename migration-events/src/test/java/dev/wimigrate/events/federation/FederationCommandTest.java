package dev.wimigrate.events.federation;

import static dev.wimigrate.events.Samples.CART_SA;
import static dev.wimigrate.events.Samples.IDENTITY;
import static dev.wimigrate.events.Samples.ISSUER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wimigrate.events.Samples;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FederationCommandTest {
  final CreateFederatedCredential create =
      new CreateFederatedCredential(Samples.step("fic"), IDENTITY, ISSUER, CART_SA, "c1", null);

  @Test
  void createNamesTheCredentialAndSubjectItWillWrite() {
    assertThat(create.credentialName())
        .isEqualTo(FederatedCredentialName.of(ISSUER, "shop", "cart"));
    assertThat(create.subject()).isEqualTo("system:serviceaccount:shop:cart");
    assertThat(create.audiences())
        .containsExactly(CreateFederatedCredential.TOKEN_EXCHANGE_AUDIENCE);
    assertThat(
            new DeleteFederatedCredential(Samples.step("undo"), IDENTITY, ISSUER, CART_SA)
                .credentialName())
        .isEqualTo(create.credentialName());
  }

  @Test
  void writesToOneIdentityShareAPartitionWhateverTheCase() {
    var upper =
        new CreateFederatedCredential(
            Samples.step("fic"),
            IDENTITY.toUpperCase().replace("SUBSCRIPTIONS", "subscriptions"),
            ISSUER,
            CART_SA,
            "c1",
            null);

    assertThat(upper.partitionKey())
        .isEqualTo(create.partitionKey())
        .isEqualTo(IDENTITY.toLowerCase());
  }

  @Test
  void issuerMustBeHttpsAndAudiencesNotEmpty() {
    assertThatThrownBy(
            () ->
                new CreateFederatedCredential(
                    Samples.step("fic"), IDENTITY, "http://issuer/", CART_SA, "c1", null))
        .hasMessageStartingWith("issuer must be an https URL");
    assertThatThrownBy(
            () ->
                new CreateFederatedCredential(
                    Samples.step("fic"), IDENTITY, ISSUER, CART_SA, "c1", List.of()))
        .hasMessage("audiences must not be empty");
  }

  @Test
  void readyRequiresAValidNameAndNonNegativeWait() {
    assertThatThrownBy(
            () ->
                new FederatedCredentialReady(
                    Samples.step("fic"), IDENTITY, "x", ISSUER, "sub", true, Duration.ZERO))
        .hasMessageStartingWith("credentialName must be 3-120 letters");
    assertThatThrownBy(
            () ->
                new FederatedCredentialReady(
                    Samples.step("fic"),
                    IDENTITY,
                    "wi-ok",
                    ISSUER,
                    "sub",
                    true,
                    Duration.ofSeconds(-1)))
        .hasMessageStartingWith("propagationWaited must not be negative");
  }
}
