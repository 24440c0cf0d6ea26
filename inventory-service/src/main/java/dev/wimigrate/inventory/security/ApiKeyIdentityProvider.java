package dev.wimigrate.inventory.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Turns a presented API key into the identity of its configured name, with its roles. */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

  /** The attribute of {@link AuthenticationFailedException} that carries the caller's answer. */
  public static final String REASON = "wimigrate.auth.reason";

  /** The identity attribute saying how the caller authenticated. */
  public static final String MECHANISM = "wimigrate.auth.mechanism";

  private final ApiKeys keys;

  public ApiKeyIdentityProvider(ApiKeys keys) {
    this.keys = keys;
  }

  @Override
  public Class<ApiKeyAuthenticationRequest> getRequestType() {
    return ApiKeyAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
    return keys.match(request.key())
        .<Uni<SecurityIdentity>>map(
            caller ->
                Uni.createFrom()
                    .item(
                        QuarkusSecurityIdentity.builder()
                            .setPrincipal(new QuarkusPrincipal(caller.name()))
                            .addRoles(caller.roles())
                            .addAttribute(MECHANISM, "api-key")
                            .build()))
        .orElseGet(
            () -> {
              String reason = ApiKeyAuthenticationMechanism.HEADER + " is not a known key";
              return Uni.createFrom()
                  .failure(new AuthenticationFailedException(reason, Map.of(REASON, reason)));
            });
  }
}
