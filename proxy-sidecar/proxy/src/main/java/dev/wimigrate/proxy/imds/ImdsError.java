package dev.wimigrate.proxy.imds;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.wimigrate.proxy.token.TokenExchangeException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * An IMDS-style error body, {@code {"error":"invalid_request","error_description":"..."}}, plus
 * Entra's {@code error_codes} when the error came from Entra.
 */
@RegisterForReflection
@JsonPropertyOrder({"error", "error_description", "error_codes"})
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ImdsError(
    @JsonIgnore int status,
    @JsonProperty("error") String error,
    @JsonProperty("error_description") String description,
    @JsonProperty("error_codes") List<Long> errorCodes) {

  public static ImdsError invalidRequest(String description) {
    return new ImdsError(400, "invalid_request", description, List.of());
  }

  public static ImdsError of(TokenExchangeException e) {
    return new ImdsError(e.status(), e.error(), e.description(), e.errorCodes());
  }
}
