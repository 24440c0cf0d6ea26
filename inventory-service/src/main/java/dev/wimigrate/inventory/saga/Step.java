package dev.wimigrate.inventory.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One step of a migration and where it is. Immutable: every change makes a new value, which is what
 * gets persisted. {@code attempt} is the attempt last sent; results of older attempts that report
 * failure are ignored (the orchestrator gave up on them), successes of any attempt count because
 * every attempt is the same idempotent command.
 */
public record Step(
    String id,
    StepKind kind,
    StepSpec spec,
    List<String> after,
    StepStatus status,
    int attempt,
    Instant startedAt,
    Instant deadline,
    Instant retryAt,
    Instant endedAt,
    String errorCode,
    String error,
    Map<String, String> outputs) {

  public Step {
    after = after == null ? List.of() : List.copyOf(after);
    outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
  }

  public static Step waiting(String id, StepSpec spec, List<String> after) {
    return new Step(
        id,
        spec.kind(),
        spec,
        after,
        StepStatus.WAITING,
        0,
        null,
        null,
        null,
        null,
        null,
        null,
        Map.of());
  }

  Step started(Instant now, Duration timeout) {
    return new Step(
        id,
        kind,
        spec,
        after,
        StepStatus.RUNNING,
        attempt + 1,
        startedAt == null ? now : startedAt,
        now.plus(timeout),
        null,
        null,
        errorCode,
        error,
        outputs);
  }

  Step retrying(Instant at, String code, String reason) {
    return new Step(
        id,
        kind,
        spec,
        after,
        StepStatus.RETRYING,
        attempt,
        startedAt,
        null,
        at,
        null,
        code,
        reason,
        outputs);
  }

  Step succeeded(Instant now, Map<String, String> results) {
    return new Step(
        id,
        kind,
        spec,
        after,
        StepStatus.SUCCEEDED,
        attempt,
        startedAt,
        null,
        null,
        now,
        null,
        null,
        results);
  }

  Step skipped(Instant now, String reason) {
    return new Step(
        id,
        kind,
        spec,
        after,
        StepStatus.SKIPPED,
        attempt,
        startedAt,
        null,
        null,
        now,
        null,
        reason,
        outputs);
  }

  Step failed(Instant now, String code, String reason) {
    return new Step(
        id,
        kind,
        spec,
        after,
        StepStatus.FAILED,
        attempt,
        startedAt,
        null,
        null,
        now,
        code,
        reason,
        outputs);
  }

  public String output(String name) {
    return outputs.get(name);
  }
}
