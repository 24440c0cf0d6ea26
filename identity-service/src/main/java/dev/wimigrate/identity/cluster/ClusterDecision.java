package dev.wimigrate.identity.cluster;

import java.util.List;

/** What to do to a managed cluster for one command, given its current state. */
public sealed interface ClusterDecision {

  /** The cluster already is as wanted: write nothing. */
  record AlreadyDone() implements ClusterDecision {}

  /** Write this change (one long-running operation). */
  record Update(ClusterChange change) implements ClusterDecision {}

  /** Disabling the add-on was asked while pod identities the command did not name remain. */
  record StillInUse(List<String> remaining) implements ClusterDecision {}
}
