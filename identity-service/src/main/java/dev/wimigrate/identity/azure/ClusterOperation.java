package dev.wimigrate.identity.azure;

import java.time.Duration;

/** A long-running ARM operation on a managed cluster, polled by the caller. */
public interface ClusterOperation {

  /** One poll of the operation's status (one ARM read). */
  Status poll();

  /**
   * @param state {@code InProgress}, {@code Succeeded}, {@code Failed} or {@code Canceled}
   * @param retryAfter how long ARM asked to wait before the next poll, if it said
   */
  record Status(String state, Duration retryAfter) {
    public boolean done() {
      return !"InProgress".equals(state);
    }

    public boolean succeeded() {
      return "Succeeded".equals(state);
    }
  }
}
