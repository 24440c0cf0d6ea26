package dev.wimigrate.testkit.azure.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wimigrate.testkit.azure.rules.FaultInjection.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Which ARM calls fail: scripted faults first, then a seeded draw at the configured rate. */
class FaultInjectorTest {

  static List<Kind> draw(FaultInjector injector, int calls) {
    List<Kind> drawn = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      drawn.add(injector.next("GET"));
    }
    return drawn;
  }

  @Test
  void scriptedFaultsComeFirstInOrderThenNothingWhenTheRateIsZero() {
    FaultInjector injector = new FaultInjector(FaultInjection::none);
    injector.failNext(List.of(Kind.DROP_CONNECTION, Kind.INTERNAL_ERROR));

    assertThat(draw(injector, 4))
        .containsExactly(Kind.DROP_CONNECTION, Kind.INTERNAL_ERROR, null, null);
    assertThat(injector.injectedCount()).isEqualTo(2);
  }

  @Test
  void sameSeedFailsTheSameCallsWithTheSameFaults() {
    FaultInjection settings =
        FaultInjection.of(0.3, 42, Kind.INTERNAL_ERROR, Kind.GATEWAY_TIMEOUT, Kind.SLOW);

    List<Kind> first = draw(new FaultInjector(() -> settings), 200);
    List<Kind> second = draw(new FaultInjector(() -> settings), 200);
    List<Kind> otherSeed =
        draw(
            new FaultInjector(
                () ->
                    FaultInjection.of(
                        0.3, 7, Kind.INTERNAL_ERROR, Kind.GATEWAY_TIMEOUT, Kind.SLOW)),
            200);

    assertThat(first).isEqualTo(second).isNotEqualTo(otherSeed);
    long failed = first.stream().filter(k -> k != null).count();
    // 30 % of 200 calls, within a wide margin; each kind is drawn
    assertThat(failed).isBetween(30L, 90L);
    assertThat(first).contains(Kind.INTERNAL_ERROR, Kind.GATEWAY_TIMEOUT, Kind.SLOW);
  }

  @Test
  void rateOneFailsEveryEligibleCallAndOtherMethodsAreSpared() {
    FaultInjector injector =
        new FaultInjector(() -> FaultInjection.of(1.0, 1, Kind.SERVICE_UNAVAILABLE).onlyFor("put"));

    assertThat(injector.next("PUT")).isEqualTo(Kind.SERVICE_UNAVAILABLE);
    assertThat(injector.next("GET")).isNull();
    assertThat(injector.next("DELETE")).isNull();
    assertThat(injector.next("PUT")).isEqualTo(Kind.SERVICE_UNAVAILABLE);
  }

  @Test
  void resetRestartsTheSequenceAndDropsScriptedFaults() {
    AtomicReference<FaultInjection> settings =
        new AtomicReference<>(FaultInjection.of(0.5, 99, Kind.INTERNAL_ERROR));
    FaultInjector injector = new FaultInjector(settings::get);
    List<Kind> before = draw(injector, 50);
    injector.failNext(List.of(Kind.DROP_AFTER_COMMIT));

    injector.reset();

    assertThat(injector.injectedCount()).isZero();
    assertThat(draw(injector, 50)).isEqualTo(before);
  }

  @Test
  void changingTheSeedOnARunningEmulatorStartsThatSeedsSequence() {
    AtomicReference<FaultInjection> settings =
        new AtomicReference<>(FaultInjection.of(0.5, 1, Kind.INTERNAL_ERROR));
    FaultInjector injector = new FaultInjector(settings::get);
    draw(injector, 10);

    settings.set(FaultInjection.of(0.5, 2, Kind.INTERNAL_ERROR));

    assertThat(draw(injector, 50))
        .isEqualTo(
            draw(new FaultInjector(() -> FaultInjection.of(0.5, 2, Kind.INTERNAL_ERROR)), 50));
  }
}
