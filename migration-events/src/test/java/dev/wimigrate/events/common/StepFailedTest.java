package dev.wimigrate.events.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StepFailedTest {
  static final String JWT =
      "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6c2hvcDpjYXJ0In0"
          + ".c2lnbmF0dXJl";
  static final StepRef STEP = new StepRef("mig-1", "fic-cart", 1);
  static final WorkloadRef CART = new WorkloadRef("c1", "shop", WorkloadKind.DEPLOYMENT, "cart");

  @Test
  void stepFailedRejectsReasonContainingJwt() {
    assertThatThrownBy(() -> failed("AADSTS70021: assertion " + JWT + " had no matching record"))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageStartingWith("reason must not contain a token")
        .hasMessageNotContaining("eyJ");
  }

  @Test
  void unsignedTokensAreTokensToo() {
    assertThat(Secrets.containsJwt("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")).isTrue();
  }

  @Test
  void aRedactedReasonIsAccepted() {
    StepFailed failed = failed(Secrets.redactJwts("assertion " + JWT + " rejected"));

    assertThat(failed.reason()).isEqualTo("assertion [REDACTED-JWT] rejected");
  }

  @Test
  void ordinaryTextIsNotMistakenForAToken() {
    assertThat(Secrets.containsJwt("AADSTS70021: No matching federated identity record found."))
        .isFalse();
    assertThat(Secrets.containsJwt("image acr.example.com/shop/cart:1.4.2")).isFalse();
    assertThat(Secrets.containsJwt(null)).isFalse();
  }

  @Test
  void failuresAboutAWorkloadAreKeyedWithIt() {
    assertThat(failed("boom").partitionKey()).isEqualTo(CART.key());
    assertThat(
            new StepFailed(
                    STEP,
                    "identity-service",
                    "EnsureManagedIdentity",
                    null,
                    "Throttled",
                    "429",
                    true,
                    Instant.EPOCH)
                .partitionKey())
        .isEqualTo("fic-cart");
  }

  @Test
  void aFailureSaysWhatFailed() {
    assertThatThrownBy(() -> failed(" ")).hasMessage("reason must not be blank");
    assertThatThrownBy(
            () -> new StepFailed(STEP, "", "PatchWorkload", null, "X", "r", false, Instant.EPOCH))
        .hasMessage("service must not be blank");
  }

  private static StepFailed failed(String reason) {
    return new StepFailed(
        STEP,
        "federation-service",
        "CreateFederatedCredential",
        CART,
        "AADSTS70021",
        reason,
        false,
        Instant.EPOCH);
  }
}
