package dev.wimigrate.testkit.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wimigrate.testkit.azure.arm.FederatedCredential;
import dev.wimigrate.testkit.azure.arm.IdentityStore;
import dev.wimigrate.testkit.azure.arm.ManagedIdentity;
import dev.wimigrate.testkit.azure.rules.ArmException;
import dev.wimigrate.testkit.azure.rules.EmulatorRules;
import dev.wimigrate.testkit.azure.rules.FicWriteGate;
import dev.wimigrate.testkit.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The resource provider's rules, exercised without HTTP. */
class IdentityStoreRulesTest {

  static final String SUB = "00000000-0000-0000-0000-000000000001";
  static final String ISSUER = "https://oidc.example/issuer/";
  static final String AUD = "api://AzureADTokenExchange";

  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  IdentityStore store(EmulatorRules rules) {
    return new IdentityStore("tenant", Set.of(SUB), Set.of(), rules, clock);
  }

  IdentityStore.Write<IdentityStore.Upsert<FederatedCredential>> put(
      IdentityStore store, String fic, String subject) {
    return store.putCredential(SUB, "rg", "app-mi", fic, ISSUER, subject, List.of(AUD), true);
  }

  IdentityStore.Upsert<FederatedCredential> putAndRelease(
      IdentityStore store, String fic, String subject) {
    var write = put(store, fic, subject);
    store.gate().release(write.lease());
    return write.result();
  }

  @Test
  void identityGetsGuidsAndAnArmStyleIdAndKeepsThemOnUpdate() {
    IdentityStore store = store(EmulatorRules.defaults());
    var created = store.putIdentity(SUB, "RG-1", "app-id", "westeurope", Map.of("a", "b"));
    var updated = store.putIdentity(SUB, "rg-1", "APP-ID", "westeurope", Map.of());

    assertThat(created.created()).isTrue();
    assertThat(updated.created()).isFalse();
    ManagedIdentity identity = created.resource();
    assertThat(identity.id())
        .isEqualTo(
            "/subscriptions/"
                + SUB
                + "/resourcegroups/RG-1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/app-id");
    assertThat(updated.resource().clientId()).isEqualTo(identity.clientId());
    assertThat(updated.resource().principalId()).isEqualTo(identity.principalId());
    assertThat(updated.resource().tags()).isEmpty();
  }

  @Test
  void missingIdentityIsResourceNotFoundAndUnknownSubscriptionIsSubscriptionNotFound() {
    IdentityStore store = store(EmulatorRules.defaults());
    assertThatThrownBy(() -> store.getIdentity(SUB, "rg", "nope"))
        .isInstanceOfSatisfying(
            ArmException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.code()).isEqualTo("ResourceNotFound");
            });
    assertThatThrownBy(() -> store.getIdentity("other", "rg", "nope"))
        .isInstanceOfSatisfying(
            ArmException.class, e -> assertThat(e.code()).isEqualTo("SubscriptionNotFound"));
  }

  @Test
  void declaredResourceGroupsMakeOthersNotFound() {
    IdentityStore store =
        new IdentityStore("t", Set.of(SUB), Set.of("known"), EmulatorRules.defaults(), clock);
    store.putIdentity(SUB, "KNOWN", "mi1", "westeurope", Map.of());
    assertThatThrownBy(() -> store.putIdentity(SUB, "unknown", "mi1", "westeurope", Map.of()))
        .isInstanceOfSatisfying(
            ArmException.class, e -> assertThat(e.code()).isEqualTo("ResourceGroupNotFound"));
  }

  @Test
  void twentyFirstCredentialIsRefusedButUpdatingAnExistingOneIsNot() {
    IdentityStore store = store(EmulatorRules.defaults().withFicWriteHold(Duration.ZERO));
    store.putIdentity(SUB, "rg", "app-mi", "westeurope", Map.of());
    for (int i = 0; i < 20; i++) {
      putAndRelease(store, "fic-" + i, "system:serviceaccount:ns:sa" + i);
    }

    assertThatThrownBy(() -> put(store, "fic-20", "system:serviceaccount:ns:sa20"))
        .isInstanceOfSatisfying(
            ArmException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("BadRequest");
              assertThat(e.getMessage()).contains("(20)");
            });
    assertThat(putAndRelease(store, "fic-3", "system:serviceaccount:ns:changed").created())
        .isFalse();
  }

  @Test
  void limitAndItsErrorAreConfigurable() {
    IdentityStore store =
        store(
            EmulatorRules.defaults()
                .withFicWriteHold(Duration.ZERO)
                .withFicLimit(1)
                .withFicLimitError(
                    new EmulatorRules.ArmErrorSpec(409, "TooMany", "limit %2$d on %1$s")));
    store.putIdentity(SUB, "rg", "app-mi", "westeurope", Map.of());
    putAndRelease(store, "first", "s1");
    assertThatThrownBy(() -> put(store, "second", "s2"))
        .isInstanceOfSatisfying(
            ArmException.class,
            e -> {
              assertThat(e.status()).isEqualTo(409);
              assertThat(e.code()).isEqualTo("TooMany");
              assertThat(e.getMessage()).startsWith("limit 1 on /subscriptions/");
            });
  }

  @Test
  void sameIssuerAndSubjectUnderAnotherNameIsRefusedButSameNameUpdates() {
    IdentityStore store = store(EmulatorRules.defaults().withFicWriteHold(Duration.ZERO));
    store.putIdentity(SUB, "rg", "app-mi", "westeurope", Map.of());
    putAndRelease(store, "first", "system:serviceaccount:ns:sa");

    assertThatThrownBy(() -> put(store, "second", "system:serviceaccount:ns:sa"))
        .isInstanceOfSatisfying(
            ArmException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Issuer and subject combination already exists for this Managed Identity.");
            });
    assertThat(putAndRelease(store, "FIRST", "system:serviceaccount:ns:sa").created()).isFalse();
    // a subject differing only by case is another subject (exact comparison)
    assertThat(putAndRelease(store, "third", "system:serviceaccount:ns:SA").created()).isTrue();
  }

  @Test
  void secondWriteWhileTheFirstHoldsTheIdentityIsRefusedWith409() {
    IdentityStore store = store(EmulatorRules.defaults().withFicWriteHold(Duration.ofMillis(200)));
    ManagedIdentity identity =
        store.putIdentity(SUB, "rg", "APP-MI", "westeurope", Map.of()).resource();
    var first = put(store, "first", "s1");

    assertThatThrownBy(() -> put(store, "second", "s2"))
        .isInstanceOfSatisfying(
            ArmException.class,
            e -> {
              assertThat(e.status()).isEqualTo(409);
              assertThat(e.code()).isEqualTo(FicWriteGate.CONCURRENT_CODE);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Too many Federated Identity Credentials are written concurrently for the"
                          + " managed identity '"
                          + identity.id().toLowerCase()
                          + "'. Concurrent Federated Identity Credentials writes under the same"
                          + " managed identity are not supported.");
            });
    assertThatThrownBy(() -> store.deleteCredential(SUB, "rg", "app-mi", "first"))
        .isInstanceOf(ArmException.class);
    assertThat(store.gate().rejectedCount()).isEqualTo(2);

    clock.advance(Duration.ofMillis(200)); // the hold ran out
    store.gate().release(put(store, "second", "s2").lease());
    store.gate().release(first.lease());
    store.gate().release(put(store, "third", "s3").lease()); // released: immediately free
    assertThat(store.listCredentials(SUB, "rg", "app-mi")).hasSize(3);
  }

  @Test
  void writesToDifferentIdentitiesDoNotCollide() {
    IdentityStore store = store(EmulatorRules.defaults());
    store.putIdentity(SUB, "rg", "mi-a", "westeurope", Map.of());
    store.putIdentity(SUB, "rg", "mi-b", "westeurope", Map.of());
    store.putCredential(SUB, "rg", "mi-a", "fic", ISSUER, "s", List.of(AUD), true);
    store.putCredential(SUB, "rg", "mi-b", "fic", ISSUER, "s", List.of(AUD), true);
    assertThat(store.gate().rejectedCount()).isZero();
  }

  @Test
  void newCredentialPropagatesAfterTheDelayAndUnchangedRewriteKeepsItsTime() {
    IdentityStore store =
        store(
            EmulatorRules.defaults()
                .withFicWriteHold(Duration.ZERO)
                .withFicPropagationDelay(Duration.ofSeconds(30)));
    store.putIdentity(SUB, "rg", "app-mi", "westeurope", Map.of());
    FederatedCredential fic = putAndRelease(store, "fic", "s").resource();

    assertThat(fic.propagatedAt(clock.instant())).isFalse();
    clock.advance(Duration.ofSeconds(30));
    assertThat(fic.propagatedAt(clock.instant())).isTrue();
    assertThat(putAndRelease(store, "fic", "s").resource().propagatedAt(clock.instant())).isTrue();
    assertThat(putAndRelease(store, "fic", "changed").resource().propagatedAt(clock.instant()))
        .isFalse();
  }

  @Test
  void invalidNamesAndBodiesAreRefusedWithAzuresMessages() {
    IdentityStore store = store(EmulatorRules.defaults().withFicWriteHold(Duration.ZERO));
    store.putIdentity(SUB, "rg", "app-mi", "westeurope", Map.of());

    assertThatThrownBy(() -> put(store, "-bad", "s"))
        .hasMessage("Federated Identity Credential name '-bad' is invalid.");
    assertThatThrownBy(() -> put(store, "ab", "s")).hasMessageContaining("'ab' is invalid");
    assertThatThrownBy(() -> put(store, "a".repeat(121), "s")).hasMessageContaining("is invalid");
    assertThatThrownBy(
            () ->
                store.putCredential(
                    SUB, "rg", "app-mi", "fic", "http://x.example", "s", List.of(AUD), true))
        .hasMessageContaining("https");
    assertThatThrownBy(
            () ->
                store.putCredential(
                    SUB, "rg", "app-mi", "fic", ISSUER, "s", List.of(AUD, "b"), true))
        .hasMessage("Federated identity credentials must have exactly one audience.");
    assertThatThrownBy(
            () -> store.putCredential(SUB, "rg", "app-mi", "fic", null, null, null, false))
        .hasMessage("Federated Identity Credential from HTTP body has empty properties.");
    assertThatThrownBy(
            () -> store.putCredential(SUB, "rg", "app-mi", "fic", ISSUER, null, List.of(AUD), true))
        .hasMessageContaining("must specify 'issuer', 'subject' and 'audience'");
    assertThat(store.listCredentials(SUB, "rg", "app-mi")).isEmpty();
    assertThat(store.gate().rejectedCount()).isZero();
  }

  @Test
  void deletingTheIdentityTakesItsCredentials() {
    IdentityStore store = store(EmulatorRules.defaults().withFicWriteHold(Duration.ZERO));
    store.putIdentity(SUB, "rg", "app-mi", "westeurope", Map.of());
    putAndRelease(store, "fic", "s");
    assertThat(store.deleteIdentity(SUB, "rg", "app-mi")).isTrue();
    assertThat(store.deleteIdentity(SUB, "rg", "app-mi")).isFalse();
    store.putIdentity(SUB, "rg", "app-mi", "westeurope", Map.of());
    assertThat(store.listCredentials(SUB, "rg", "app-mi")).isEmpty();
  }
}
