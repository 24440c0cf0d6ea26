package dev.wimigrate.federation.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wimigrate.federation.credentials.FederatedCredential;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClaimsMismatchTest {

  static final String ISSUER = "https://oidc.example/tenant/cluster";
  static final String SUBJECT = "system:serviceaccount:shop:cart";
  static final List<String> AUD = List.of("api://AzureADTokenExchange");

  static FederatedCredential credential(String issuer, String subject, List<String> audiences) {
    return new FederatedCredential("wi-cart", issuer, subject, audiences);
  }

  @Test
  void matchingClaimsAreNoMismatchSoARefusalMeansNotPropagatedYet() {
    assertThat(ClaimsMismatch.explain(ISSUER, SUBJECT, AUD, credential(ISSUER, SUBJECT, AUD)))
        .isEmpty();
  }

  @Test
  void anIssuerWithATrailingSlashTheTokenDoesNotHaveIsExplained() {
    assertThat(ClaimsMismatch.explain(ISSUER, SUBJECT, AUD, credential(ISSUER + "/", SUBJECT, AUD)))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains("issuer")
                    .contains("'" + ISSUER + "/'")
                    .contains("only a trailing slash differs"));
  }

  @Test
  void aSubjectThatDiffersOnlyInCaseIsExplained() {
    assertThat(
            ClaimsMismatch.explain(
                ISSUER, SUBJECT, AUD, credential(ISSUER, "system:serviceaccount:Shop:Cart", AUD)))
        .hasValueSatisfying(
            reason -> assertThat(reason).contains("subject").contains("only letter case differs"));
  }

  @Test
  void anotherIssuerAltogetherIsExplained() {
    assertThat(
            ClaimsMismatch.explain(
                ISSUER, SUBJECT, AUD, credential("https://other.example/x", SUBJECT, AUD)))
        .hasValueSatisfying(reason -> assertThat(reason).contains("they are different values"));
  }

  @Test
  void anAudienceTheTokenDoesNotCarryIsExplained() {
    assertThat(
            ClaimsMismatch.explain(
                ISSUER, SUBJECT, AUD, credential(ISSUER, SUBJECT, List.of("api://other"))))
        .hasValueSatisfying(reason -> assertThat(reason).contains("audiences [api://other]"));
  }

  @Test
  void aTokenWithoutSubjectIsExplained() {
    assertThat(ClaimsMismatch.explain(ISSUER, null, AUD, credential(ISSUER, SUBJECT, AUD)))
        .hasValueSatisfying(reason -> assertThat(reason).contains("the token has no subject"));
  }
}
