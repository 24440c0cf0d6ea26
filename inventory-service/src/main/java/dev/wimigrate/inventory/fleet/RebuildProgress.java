package dev.wimigrate.inventory.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far the in-memory fleet has been rebuilt from {@code wimigrate.inventory}: the end offset of
 * every partition when the service started is the target, and the store is complete once each
 * partition's consumed offset reached it. Until then the fleet is partial and planning on it would
 * be wrong, so readiness waits. A deadline bounds the wait (e.g. a last offset that is a
 * transaction marker and never delivered), after which the service serves what it has.
 */
public final class RebuildProgress {

  private final Map<Integer, Long> targets;
  private final Map<Integer, Long> consumed = new ConcurrentHashMap<>();
  private final Instant deadline;
  private volatile boolean complete;

  /**
   * @param endOffsets per partition, the offset the next record would get when the service started
   *     (0 for an empty partition)
   */
  public RebuildProgress(Map<Integer, Long> endOffsets, Instant start, Duration maxWait) {
    this.targets = Map.copyOf(endOffsets);
    this.deadline = start.plus(maxWait);
    this.complete = targets.values().stream().allMatch(end -> end <= 0);
  }

  /** The consumer handled the record at {@code offset} of {@code partition}. */
  public void consumed(int partition, long offset) {
    consumed.merge(partition, offset, Math::max);
    if (!complete) {
      complete =
          targets.entrySet().stream()
              .allMatch(
                  t ->
                      t.getValue() <= 0
                          || consumed.getOrDefault(t.getKey(), -1L) + 1 >= t.getValue());
    }
  }

  /** Every record that existed at start has been applied. */
  public boolean complete() {
    return complete;
  }

  /** Complete, or waited long enough. */
  public boolean ready(Instant now) {
    return complete || now.isAfter(deadline);
  }

  /** Records still to apply, summed over the partitions (for the health check's data). */
  public long remaining() {
    return targets.entrySet().stream()
        .mapToLong(t -> Math.max(0, t.getValue() - (consumed.getOrDefault(t.getKey(), -1L) + 1)))
        .sum();
  }
}
