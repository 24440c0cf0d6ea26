package dev.wimigrate.inventory.ticketing;

import java.time.Duration;

/** Waits between callback attempts; tests pass one that records the pause and returns at once. */
@FunctionalInterface
public interface Sleeper {

  void sleep(Duration duration) throws InterruptedException;

  static Sleeper real() {
    return duration -> Thread.sleep(duration.toMillis());
  }
}
