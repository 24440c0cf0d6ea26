package dev.wimigrate.inventory.saga;

import java.util.List;

/** An immutable copy of a run for readers outside the saga thread. */
public record MigrationView(
    MigrationHeader header, List<WorkloadSaga> workloads, List<Step> steps) {

  public MigrationView {
    workloads = List.copyOf(workloads);
    steps = List.copyOf(steps);
  }

  static MigrationView of(MigrationRun run) {
    return new MigrationView(
        run.header(), List.copyOf(run.workloads()), List.copyOf(run.sharedSteps()));
  }
}
