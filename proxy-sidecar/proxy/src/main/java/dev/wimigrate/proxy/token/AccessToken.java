package dev.wimigrate.proxy.token;

import java.time.Duration;
import java.time.Instant;

/**
 * An access token obtained from Entra. {@link #toString()} never shows the token value.
 *
 * @param value the bearer token
 * @param tokenType normally {@code Bearer}
 * @param issuedAt when the exchange completed (IMDS {@code not_before})
 * @param expiresOn when the token expires
 * @param extExpiresInSeconds Entra's {@code ext_expires_in} at issuance
 */
public record AccessToken(
    String value, String tokenType, Instant issuedAt, Instant expiresOn, long extExpiresInSeconds) {

  public Duration lifetime() {
    return Duration.between(issuedAt, expiresOn);
  }

  public Duration remaining(Instant now) {
    return Duration.between(now, expiresOn);
  }

  @Override
  public String toString() {
    return "AccessToken[value=<redacted>, tokenType="
        + tokenType
        + ", issuedAt="
        + issuedAt
        + ", expiresOn="
        + expiresOn
        + "]";
  }
}
