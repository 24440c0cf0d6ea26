package dev.wimigrate.inventory.fleet;

import java.util.List;

/**
 * One page of workloads in key order; {@code continueAfter} is the key of the last item when more
 * may follow (the API turns it into an opaque token), else {@code null}.
 */
public record WorkloadPage(List<WorkloadEntry> items, String continueAfter) {}
