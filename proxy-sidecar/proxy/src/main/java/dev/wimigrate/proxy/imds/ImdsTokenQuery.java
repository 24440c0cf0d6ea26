package dev.wimigrate.proxy.imds;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the proxy looks at in an IMDS token request.
 *
 * @param params query parameters, each with all its values in order
 * @param metadataHeader the {@code Metadata} header, if sent
 * @param forwardedFor whether an {@code X-Forwarded-For} header was sent
 */
public record ImdsTokenQuery(
    Map<String, List<String>> params, Optional<String> metadataHeader, boolean forwardedFor) {

  public ImdsTokenQuery {
    params = Map.copyOf(params);
  }
}
