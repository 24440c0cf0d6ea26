package dev.wimigrate.inventory.planning;

import java.util.List;

/** A wave of workloads migrated together; wave 1 is the canary. */
public record Wave(int number, String name, List<String> workloads) {

  public Wave {
    workloads = List.copyOf(workloads);
  }
}
