package dev.wimigrate.testkit.azure.arm;

import java.time.Instant;

/**
 * A long-running operation as ARM's {@code Azure-AsyncOperation} endpoint reports it.
 *
 * @param status {@code InProgress}, {@code Succeeded}, {@code Failed} or {@code Canceled}
 * @param kind what started it: {@code PUT}, {@code PATCH} or {@code DELETE}
 * @param resourceId the resource it changes
 */
public record AsyncOperation(
    String id,
    String location,
    String kind,
    String resourceId,
    String status,
    Instant startTime,
    Instant endTime) {

  public boolean done() {
    return !"InProgress".equals(status);
  }
}
