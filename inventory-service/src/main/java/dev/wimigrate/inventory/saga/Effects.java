package dev.wimigrate.inventory.saga;

import dev.wimigrate.events.common.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one decision of a {@link MigrationRun} asks the edge to do: persist the changed entries,
 * then send the commands (in that order, so a crash in between re-sends rather than forgets), and
 * report status changes and finished steps.
 */
public final class Effects {

  /** A finished step, for metrics: outcome is succeeded, failed, retried, skipped or timed-out. */
  public record StepOutcome(StepKind kind, String outcome, String errorCode, Duration took) {}

  /** The migration's status changed (ticket callbacks, logs). */
  public record StatusChange(
      String migrationId, MigrationStatus from, MigrationStatus to, String reason) {}

  private final Map<String, SagaEntry> entries = new LinkedHashMap<>();
  private final List<Event> commands = new ArrayList<>();
  private final List<StepOutcome> outcomes = new ArrayList<>();
  private final List<StatusChange> statusChanges = new ArrayList<>();

  void entry(SagaEntry entry) {
    entries.put(entry.entryKey(), entry);
  }

  void command(Event command) {
    commands.add(command);
  }

  void outcome(StepOutcome outcome) {
    outcomes.add(outcome);
  }

  void statusChange(StatusChange change) {
    statusChanges.add(change);
  }

  public List<SagaEntry> entries() {
    return List.copyOf(entries.values());
  }

  public List<Event> commands() {
    return List.copyOf(commands);
  }

  public List<StepOutcome> outcomes() {
    return List.copyOf(outcomes);
  }

  public List<StatusChange> statusChanges() {
    return List.copyOf(statusChanges);
  }

  public boolean isEmpty() {
    return entries.isEmpty() && commands.isEmpty() && outcomes.isEmpty() && statusChanges.isEmpty();
  }
}
