package dev.wimigrate.federation.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wimigrate.events.common.ServiceAccountRef;
import dev.wimigrate.federation.credentials.FederatedCredential;
import dev.wimigrate.federation.propagation.PropagationWaiter.Outcome;
import dev.wimigrate.testkit.time.MutableClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class PropagationWaiterTest {

  static final FederatedCredential FIC =
      new FederatedCredential(
          "wi-cart",
          "https://oidc.example/c",
          "system:serviceaccount:shop:cart",
          List.of("api://AzureADTokenExchange"));
  static final ServiceAccountRef SA = new ServiceAccountRef("shop", "cart");

  final MutableClock clock = new MutableClock();
  final List<Duration> pauses = new ArrayList<>();

  PropagationWaiter waiter(ProbeResult... answers) {
    Deque<ProbeResult> queue = new ArrayDeque<>(Arrays.asList(answers));
    ProbeResult last = answers[answers.length - 1];
    return new PropagationWaiter(
        (cluster, sa, clientId, credential) -> queue.isEmpty() ? last : queue.poll(),
        clock,
        d -> {
          pauses.add(d);
          clock.advance(d);
        },
        Duration.ofSeconds(60),
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        Duration.ofSeconds(45));
  }

  @Test
  void aCredentialThatMatchesAtOnceNeedsNoWait() throws Exception {
    Outcome outcome = waiter(new ProbeResult.Matched()).await("c1", SA, "client", FIC);
    assertThat(outcome).isEqualTo(new Outcome.Propagated(Duration.ZERO, true));
    assertThat(pauses).isEmpty();
  }

  @Test
  void notYetPropagatedIsProbedAgainWithGrowingPausesUntilItMatches() throws Exception {
    ProbeResult notYet = new ProbeResult.NotYetMatched("AADSTS700213");
    Outcome outcome =
        waiter(notYet, notYet, notYet, notYet, new ProbeResult.Matched())
            .await("c1", SA, "client", FIC);
    assertThat(pauses)
        .containsExactly(
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(10));
    assertThat(outcome).isEqualTo(new Outcome.Propagated(Duration.ofSeconds(24), true));
  }

  @Test
  void aRealMismatchEndsTheWaitAtOnceWithTheReason() throws Exception {
    Outcome outcome =
        waiter(new ProbeResult.Refused("AADSTS700211", "only a trailing slash differs"))
            .await("c1", SA, "client", FIC);
    assertThat(outcome)
        .isEqualTo(
            new Outcome.Mismatch(Duration.ZERO, "AADSTS700211", "only a trailing slash differs"));
  }

  @Test
  void aCredentialStillNotHonouredWhenTheWaitRunsOutTimesOutWithEntrasLastCode() throws Exception {
    Outcome outcome =
        waiter(new ProbeResult.NotYetMatched("AADSTS700213")).await("c1", SA, "client", FIC);
    assertThat(outcome).isInstanceOf(Outcome.TimedOut.class);
    assertThat(((Outcome.TimedOut) outcome).errorCode()).isEqualTo("AADSTS700213");
    assertThat(outcome.waited()).isLessThanOrEqualTo(Duration.ofSeconds(60));
    assertThat(outcome.waited()).isGreaterThanOrEqualTo(Duration.ofSeconds(50));
  }

  @Test
  void withoutAProbeTheFixedPropagationWindowIsWaited() throws Exception {
    Outcome outcome =
        waiter(new ProbeResult.Unavailable("no kubeconfig")).await("c1", SA, "client", FIC);
    assertThat(outcome).isEqualTo(new Outcome.Propagated(Duration.ofSeconds(45), false));
    assertThat(pauses).containsExactly(Duration.ofSeconds(45));
  }
}
