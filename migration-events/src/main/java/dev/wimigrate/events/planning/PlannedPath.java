package dev.wimigrate.events.planning;

import dev.wimigrate.events.common.MigrationPath;

/**
 * The path chosen for one workload and why. {@code unprivilegedSidecar} marks a sidecar that must
 * run without the privileged iptables init container (the namespace's Pod Security level forbids
 * it), which only works for SDKs that honour an IMDS endpoint override.
 */
public record PlannedPath(MigrationPath path, boolean unprivilegedSidecar, String reason) {}
