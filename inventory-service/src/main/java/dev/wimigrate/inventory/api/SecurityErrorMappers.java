package dev.wimigrate.inventory.api;

import dev.wimigrate.inventory.security.ApiKeyAuthenticationMechanism;
import dev.wimigrate.inventory.security.ApiKeyIdentityProvider;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * 401 and 403 as JSON in the style of {@link ApiErrors} ({@code {"status": …, "error": "…"}}),
 * saying what is missing: no credentials, a key or token that was not accepted and why, or which
 * role the endpoint needs. Never echoes a credential.
 */
public class SecurityErrorMappers {

  private static final String API_KEY_CHALLENGE =
      "ApiKey header=\"" + ApiKeyAuthenticationMechanism.HEADER + "\"";
  private static final String BEARER_CHALLENGE = "Bearer realm=\"wimigrate\"";

  private final boolean oidc;
  private final SecurityIdentity identity;

  public SecurityErrorMappers(
      @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "true") boolean oidc,
      SecurityIdentity identity) {
    this.oidc = oidc;
    this.identity = identity;
  }

  /** No credentials at all (or bearer tokens while OIDC is off). */
  @ServerExceptionMapper
  public Response unauthenticated(UnauthorizedException e, HttpHeaders headers) {
    String how =
        oidc
            ? "Authorization: Bearer <Entra ID access token> or "
                + ApiKeyAuthenticationMechanism.HEADER
                + ": <key>"
            : ApiKeyAuthenticationMechanism.HEADER + ": <key>";
    String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
    String hint =
        !oidc && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
            ? " (bearer tokens are not accepted: OIDC is not enabled on this service)"
            : "";
    return unauthorized("authentication required: send " + how + hint);
  }

  /** Credentials were sent and refused. */
  @ServerExceptionMapper
  public Response authenticationFailed(AuthenticationFailedException e) {
    String reason = e.getAttribute(ApiKeyIdentityProvider.REASON);
    return unauthorized(reason != null ? reason : bearerReason(e));
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, ResourceInfo resource) {
    List<String> required = requiredRoles(resource);
    String caller =
        identity.isAnonymous() ? "the caller" : "'" + identity.getPrincipal().getName() + "'";
    String has =
        identity.getRoles().isEmpty()
            ? "has no role"
            : "has " + String.join(", ", new TreeSet<>(identity.getRoles()));
    String message =
        required.isEmpty()
            ? caller + " may not call this endpoint"
            : "this endpoint needs the role "
                + String.join(" or ", required)
                + "; "
                + caller
                + " "
                + has;
    return error(Response.Status.FORBIDDEN, message).build();
  }

  private Response unauthorized(String message) {
    Response.ResponseBuilder answer = error(Response.Status.UNAUTHORIZED, message);
    if (oidc) {
      answer.header("WWW-Authenticate", BEARER_CHALLENGE);
    }
    return answer.header("WWW-Authenticate", API_KEY_CHALLENGE).build();
  }

  private static Response.ResponseBuilder error(Response.Status status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("status", status.getStatusCode(), "error", message));
  }

  /** What jose4j found wrong with the token, in words; no claim values are echoed. */
  static String bearerReason(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidJwtException jwt) {
        if (jwt.hasExpired()) {
          return "the bearer token has expired";
        }
        if (jwt.hasErrorCode(ErrorCodes.AUDIENCE_INVALID)
            || jwt.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
          return "the bearer token was issued for another audience than this API";
        }
        if (jwt.hasErrorCode(ErrorCodes.ISSUER_INVALID)
            || jwt.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
          return "the bearer token was not issued by the configured Entra ID tenant";
        }
        if (jwt.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)
            || jwt.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
          return "the bearer token's signature does not verify with the tenant's keys";
        }
        if (jwt.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
          return "the bearer token is not valid yet";
        }
      }
    }
    return "the bearer token was not accepted (not a token of the configured Entra ID tenant:"
        + " signature, issuer, audience or expiry)";
  }

  private static List<String> requiredRoles(ResourceInfo resource) {
    Method method = resource == null ? null : resource.getResourceMethod();
    if (method == null) {
      return List.of();
    }
    RolesAllowed allowed = method.getAnnotation(RolesAllowed.class);
    if (allowed == null) {
      allowed = resource.getResourceClass().getAnnotation(RolesAllowed.class);
    }
    return allowed == null ? List.of() : Arrays.asList(allowed.value());
  }
}
