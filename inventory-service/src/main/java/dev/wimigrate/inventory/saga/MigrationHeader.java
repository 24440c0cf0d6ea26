package dev.wimigrate.inventory.saga;

import dev.wimigrate.events.migration.MigrationRequested;
import dev.wimigrate.inventory.planning.ClusterPlan;
import dev.wimigrate.inventory.planning.IdentityBudget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A migration as a whole: the request that started it, its status and why, the wave it has
 * released, and the plan's cluster and identity decisions (the per-workload ones live in {@link
 * WorkloadSaga}). {@code acceptedFailures} is how many failures an operator accepted by resuming a
 * halted migration, so the same failures don't halt it again.
 */
public record MigrationHeader(
    String migrationId,
    MigrationRequested request,
    MigrationStatus status,
    String statusReason,
    int releasedWave,
    int lastWave,
    int acceptedFailures,
    List<ClusterPlan> clusters,
    List<IdentityBudget> identities,
    List<String> notes,
    List<String> problems,
    Instant createdAt,
    Instant updatedAt)
    implements SagaEntry {

  public MigrationHeader {
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
    identities = identities == null ? List.of() : List.copyOf(identities);
    notes = notes == null ? List.of() : List.copyOf(notes);
    problems = problems == null ? List.of() : List.copyOf(problems);
  }

  @Override
  public String entryKey() {
    return migrationId;
  }

  public boolean dryRun() {
    return request.mode() == dev.wimigrate.events.migration.MigrationMode.DRY_RUN;
  }

  MigrationHeader withStatus(MigrationStatus next, String why, Instant now) {
    return new MigrationHeader(
        migrationId,
        request,
        next,
        why,
        releasedWave,
        lastWave,
        acceptedFailures,
        clusters,
        identities,
        notes,
        problems,
        createdAt,
        now);
  }

  MigrationHeader withReleasedWave(int wave, Instant now) {
    return new MigrationHeader(
        migrationId,
        request,
        status,
        statusReason,
        wave,
        lastWave,
        acceptedFailures,
        clusters,
        identities,
        notes,
        problems,
        createdAt,
        now);
  }

  MigrationHeader withAcceptedFailures(int failures, Instant now) {
    return new MigrationHeader(
        migrationId,
        request,
        status,
        statusReason,
        releasedWave,
        lastWave,
        failures,
        clusters,
        identities,
        notes,
        problems,
        createdAt,
        now);
  }

  MigrationHeader withProblem(String problem, Instant now) {
    List<String> more = new ArrayList<>(problems);
    more.add(problem);
    return new MigrationHeader(
        migrationId,
        request,
        status,
        statusReason,
        releasedWave,
        lastWave,
        acceptedFailures,
        clusters,
        identities,
        notes,
        more,
        createdAt,
        now);
  }
}
