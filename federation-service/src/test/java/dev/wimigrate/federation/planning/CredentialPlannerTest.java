package dev.wimigrate.federation.planning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wimigrate.federation.credentials.FederatedCredential;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialPlannerTest {

  static final String ISSUER = "https://oidc.example/tenant/cluster/";
  static final List<String> AUD = List.of("api://AzureADTokenExchange");

  static FederatedCredential fic(String name, String subject) {
    return new FederatedCredential(name, ISSUER, subject, AUD);
  }

  static List<FederatedCredential> full(int count) {
    List<FederatedCredential> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(fic("fic-" + i, "system:serviceaccount:ns:sa-" + i));
    }
    return list;
  }

  @Test
  void aNewCredentialOnAnIdentityWithRoomIsWritten() {
    FederatedCredential wanted = fic("wi-new", "system:serviceaccount:shop:cart");
    assertThat(CredentialPlanner.decide(full(19), wanted, 20))
        .isEqualTo(new CredentialDecision.Write(wanted, false));
  }

  @Test
  void theTwentyFirstCredentialIsOverBudgetAndListsTheCurrentOnes() {
    List<FederatedCredential> current = full(20);
    CredentialDecision decision =
        CredentialPlanner.decide(current, fic("wi-new", "system:serviceaccount:shop:cart"), 20);
    assertThat(decision).isEqualTo(new CredentialDecision.OverBudget(20, current));
  }

  @Test
  void aRedeliveredCommandFindsItsOwnCredentialAndWritesNothingEvenWhenTheIdentityIsFull() {
    List<FederatedCredential> current = full(20);
    assertThat(CredentialPlanner.decide(current, current.get(7), 20))
        .isEqualTo(new CredentialDecision.AlreadyPresent(current.get(7)));
  }

  @Test
  void theSameNameWithOtherSettingsIsAnUpdateThatUsesNoBudget() {
    List<FederatedCredential> current = full(20);
    FederatedCredential changed = fic("fic-3", "system:serviceaccount:ns:renamed");
    assertThat(CredentialPlanner.decide(current, changed, 20))
        .isEqualTo(new CredentialDecision.Write(changed, true));
  }

  @Test
  void namesAreComparedIgnoringCaseAsArmDoes() {
    List<FederatedCredential> current = List.of(fic("WI-Cart", "system:serviceaccount:shop:cart"));
    FederatedCredential wanted = fic("wi-cart", "system:serviceaccount:shop:cart");
    assertThat(CredentialPlanner.decide(current, wanted, 20))
        .isEqualTo(new CredentialDecision.AlreadyPresent(current.get(0)));
  }

  @Test
  void aCredentialCreatedByHandForTheSameIssuerAndSubjectIsAdopted() {
    FederatedCredential byHand = fic("made-by-hand", "system:serviceaccount:shop:cart");
    FederatedCredential wanted = fic("wi-cart", "system:serviceaccount:shop:cart");
    assertThat(CredentialPlanner.decide(List.of(byHand), wanted, 20))
        .isEqualTo(new CredentialDecision.AlreadyPresent(byHand));
  }

  @Test
  void theSameIssuerAndSubjectForOtherAudiencesIsAConflictNotAnOverwrite() {
    FederatedCredential other =
        new FederatedCredential(
            "made-by-hand", ISSUER, "system:serviceaccount:shop:cart", List.of("api://other"));
    FederatedCredential wanted = fic("wi-cart", "system:serviceaccount:shop:cart");
    assertThat(CredentialPlanner.decide(List.of(other), wanted, 20))
        .isEqualTo(new CredentialDecision.Conflict(other));
  }

  @Test
  void anIssuerThatDiffersOnlyByATrailingSlashIsAnotherTrustAsEntraComparesExactly() {
    FederatedCredential slashless =
        new FederatedCredential(
            "old",
            ISSUER.substring(0, ISSUER.length() - 1),
            "system:serviceaccount:shop:cart",
            AUD);
    FederatedCredential wanted = fic("wi-cart", "system:serviceaccount:shop:cart");
    assertThat(CredentialPlanner.decide(List.of(slashless), wanted, 20))
        .isEqualTo(new CredentialDecision.Write(wanted, false));
  }

  @Test
  void aLowerConfiguredLimitIsHonoured() {
    assertThat(CredentialPlanner.decide(full(5), fic("x-1", "system:serviceaccount:a:b"), 5))
        .isInstanceOf(CredentialDecision.OverBudget.class);
  }
}
