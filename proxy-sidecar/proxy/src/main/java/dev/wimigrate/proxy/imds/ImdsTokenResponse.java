package dev.wimigrate.proxy.imds;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.wimigrate.proxy.token.AccessToken;
import dev.wimigrate.proxy.token.TokenRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Duration;
import java.time.Instant;

/**
 * The token response exactly as real IMDS shapes it: every value a JSON string, in IMDS' field
 * order, including {@code client_id} and {@code ext_expires_in}.
 */
@RegisterForReflection
@JsonPropertyOrder({
  "access_token",
  "client_id",
  "expires_in",
  "expires_on",
  "ext_expires_in",
  "not_before",
  "resource",
  "token_type"
})
public record ImdsTokenResponse(
    @JsonProperty("access_token") String accessToken,
    @JsonProperty("client_id") String clientId,
    @JsonProperty("expires_in") String expiresIn,
    @JsonProperty("expires_on") String expiresOn,
    @JsonProperty("ext_expires_in") String extExpiresIn,
    @JsonProperty("not_before") String notBefore,
    @JsonProperty("resource") String resource,
    @JsonProperty("token_type") String tokenType) {

  /**
   * Maps a (possibly cached) token to the IMDS answer for one request at {@code now}: {@code
   * expires_in} counts down like IMDS' own cache, {@code resource} echoes the request.
   */
  public static ImdsTokenResponse of(AccessToken token, TokenRequest request, Instant now) {
    long expiresIn = Math.max(0, Duration.between(now, token.expiresOn()).getSeconds());
    return new ImdsTokenResponse(
        token.value(),
        request.clientId(),
        Long.toString(expiresIn),
        Long.toString(token.expiresOn().getEpochSecond()),
        Long.toString(token.extExpiresInSeconds()),
        Long.toString(token.issuedAt().getEpochSecond()),
        request.resource(),
        token.tokenType());
  }

  @Override
  public String toString() {
    return "ImdsTokenResponse[access_token=<redacted>, client_id="
        + clientId
        + ", expires_on="
        + expiresOn
        + ", resource="
        + resource
        + "]";
  }
}
