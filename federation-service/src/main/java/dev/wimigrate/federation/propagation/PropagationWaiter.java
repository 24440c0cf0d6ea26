package dev.wimigrate.federation.propagation;

import dev.wimigrate.azurekit.Retrier.Sleeper;
import dev.wimigrate.events.common.ServiceAccountRef;
import dev.wimigrate.federation.credentials.FederatedCredential;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Waits until a new federated credential is honoured by Entra, probing with growing pauses. Where
 * no probe is possible it waits a fixed time, Azure's usual propagation window, instead.
 */
public final class PropagationWaiter {

  /** How the wait ended. */
  public sealed interface Outcome {
    Duration waited();

    /** Entra honours the credential (probed), or the fixed wait is over ({@code probed} false). */
    record Propagated(Duration waited, boolean probed) implements Outcome {}

    /** A mismatch that waiting cannot fix. */
    record Mismatch(Duration waited, String errorCode, String reason) implements Outcome {}

    /** Still not honoured when the wait ran out. */
    record TimedOut(Duration waited, String errorCode) implements Outcome {}
  }

  private final PropagationProbe probe;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration maxWait;
  private final Duration firstPause;
  private final Duration maxPause;
  private final Duration unprobedWait;

  public PropagationWaiter(
      PropagationProbe probe,
      Clock clock,
      Sleeper sleeper,
      Duration maxWait,
      Duration firstPause,
      Duration maxPause,
      Duration unprobedWait) {
    this.probe = probe;
    this.clock = clock;
    this.sleeper = sleeper;
    this.maxWait = maxWait;
    this.firstPause = firstPause;
    this.maxPause = maxPause;
    this.unprobedWait = unprobedWait;
  }

  public Outcome await(
      String clusterId,
      ServiceAccountRef serviceAccount,
      String identityClientId,
      FederatedCredential credential)
      throws InterruptedException {
    Instant start = clock.instant();
    Instant deadline = start.plus(maxWait);
    Duration pause = firstPause;
    String lastCode = "none";
    while (true) {
      ProbeResult result = probe.probe(clusterId, serviceAccount, identityClientId, credential);
      if (result instanceof ProbeResult.Matched) {
        return new Outcome.Propagated(since(start), true);
      }
      if (result instanceof ProbeResult.Refused refused) {
        return new Outcome.Mismatch(since(start), refused.errorCode(), refused.reason());
      }
      if (result instanceof ProbeResult.Unavailable) {
        Duration rest = unprobedWait.minus(since(start));
        if (!rest.isNegative()) {
          sleeper.sleep(rest);
        }
        return new Outcome.Propagated(since(start), false);
      }
      lastCode = ((ProbeResult.NotYetMatched) result).errorCode();
      if (!clock.instant().plus(pause).isBefore(deadline)) {
        return new Outcome.TimedOut(since(start), lastCode);
      }
      sleeper.sleep(pause);
      pause = pause.multipliedBy(2).compareTo(maxPause) > 0 ? maxPause : pause.multipliedBy(2);
    }
  }

  private Duration since(Instant start) {
    return Duration.between(start, clock.instant());
  }
}
