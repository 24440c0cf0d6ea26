package dev.wimigrate.federation.propagation;

/** What one token exchange with the new credential said. */
public sealed interface ProbeResult {

  /** Entra accepted the assertion: the credential has propagated. */
  record Matched() implements ProbeResult {}

  /**
   * Entra found no matching credential, yet the assertion's claims equal the credential's settings:
   * the credential has not propagated yet.
   */
  record NotYetMatched(String errorCode) implements ProbeResult {}

  /** A real mismatch or another refusal that waiting will not fix. */
  record Refused(String errorCode, String reason) implements ProbeResult {}

  /** No probe was possible (e.g. no access to the cluster to get a token). */
  record Unavailable(String reason) implements ProbeResult {}
}
