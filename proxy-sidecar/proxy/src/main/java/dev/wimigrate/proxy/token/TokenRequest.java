package dev.wimigrate.proxy.token;

import java.util.Locale;
import java.util.Objects;

/**
 * One resolved request for an Entra access token.
 *
 * @param clientId the Entra application / managed identity client id to act as
 * @param tenantId the tenant to ask
 * @param scope the OAuth2 scope, e.g. {@code https://vault.azure.net/.default}
 * @param resource the IMDS {@code resource} as the client sent it (echoed in the response)
 */
public record TokenRequest(String clientId, String tenantId, String scope, String resource) {

  public TokenRequest {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(resource, "resource");
  }

  /** The cache key: client id and tenant are GUIDs (case-insensitive); the scope is taken as is. */
  public Key key() {
    return new Key(clientId.toLowerCase(Locale.ROOT), tenantId.toLowerCase(Locale.ROOT), scope);
  }

  /** Identifies one cacheable token. */
  public record Key(String clientId, String tenantId, String scope) {}
}
