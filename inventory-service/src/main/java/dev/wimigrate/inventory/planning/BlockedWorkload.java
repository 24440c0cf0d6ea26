package dev.wimigrate.inventory.planning;

import dev.wimigrate.events.common.MigrationPath;
import dev.wimigrate.events.common.WorkloadRef;

/**
 * A selected workload the plan leaves on pod identity: its path is {@code REWRITE_REQUIRED}, or the
 * planner cannot migrate it (e.g. it is bound to several identities). It gets no federated
 * credential and no service account change.
 */
public record BlockedWorkload(
    String key, WorkloadRef workload, MigrationPath path, String reason) {}
