package dev.wimigrate.testkit.azure.entra;

import dev.wimigrate.testkit.azure.arm.FederatedCredential;
import dev.wimigrate.testkit.azure.arm.IdentityStore;
import dev.wimigrate.testkit.azure.arm.ManagedIdentity;
import dev.wimigrate.testkit.azure.rules.EmulatorRules;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

/**
 * The decisions of Entra's {@code /oauth2/v2.0/token} for the client-credentials grant, without
 * HTTP: client lookup, client secret or federated assertion (discovery, signature, time, matching
 * federated identity credential), then an access token for the resource of the scope.
 */
public final class TokenExchange {

  public static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final Set<String> ASSERTION_ALGORITHMS =
      Set.of(
          AlgorithmIdentifiers.RSA_USING_SHA256,
          AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private final String tenantId;
  private final IdentityStore identities;
  private final ClientRegistry clients;
  private final IssuerKeys issuerKeys;
  private final AccessTokens tokens;
  private final java.util.function.Supplier<EmulatorRules> rules;
  private final Clock clock;

  public TokenExchange(
      String tenantId,
      IdentityStore identities,
      ClientRegistry clients,
      IssuerKeys issuerKeys,
      AccessTokens tokens,
      EmulatorRules rules,
      Clock clock) {
    this(tenantId, identities, clients, issuerKeys, tokens, () -> rules, clock);
  }

  /** An exchange whose rules are read at each request (so a running emulator can switch them). */
  public TokenExchange(
      String tenantId,
      IdentityStore identities,
      ClientRegistry clients,
      IssuerKeys issuerKeys,
      AccessTokens tokens,
      java.util.function.Supplier<EmulatorRules> rules,
      Clock clock) {
    this.tenantId = tenantId;
    this.identities = identities;
    this.clients = clients;
    this.issuerKeys = issuerKeys;
    this.tokens = tokens;
    this.rules = rules;
    this.clock = clock;
  }

  /**
   * An issued access token.
   *
   * @param identityId resource id of the managed identity, or null for an app registration
   */
  public record Issued(String accessToken, long expiresIn, String clientId, String identityId) {}

  /**
   * Handles one token request.
   *
   * @param tenant the tenant of the request path
   * @param form the form fields
   * @throws EntraException with Entra's status, error and AADSTS code when refused
   */
  public Issued exchange(String tenant, Map<String, String> form) {
    if (!tenantId.equalsIgnoreCase(tenant)) {
      throw new EntraException(
          400,
          "invalid_request",
          90002,
          "Tenant '"
              + tenant
              + "' not found. Check to make sure you have the correct tenant ID and are signing"
              + " into the correct cloud.");
    }
    String grant = required(form, "grant_type");
    if (!"client_credentials".equals(grant)) {
      throw new EntraException(
          400,
          "unsupported_grant_type",
          70003,
          "The app requested an unsupported grant type '" + grant + "'.");
    }
    String clientId = required(form, "client_id");
    String requested = required(form, "scope").trim();
    // MSAL adds the OIDC scopes to every request; Entra ignores them for client credentials
    java.util.List<String> resourceScopes =
        java.util.Arrays.stream(requested.split("\\s+"))
            .filter(x -> !java.util.Set.of("openid", "profile", "offline_access").contains(x))
            .toList();
    String scope = resourceScopes.size() == 1 ? resourceScopes.get(0) : requested;
    if (resourceScopes.size() != 1 || !scope.endsWith("/.default") || scope.equals("/.default")) {
      throw new EntraException(
          400,
          "invalid_scope",
          1002012,
          "The provided value for scope "
              + scope
              + " is not valid. Client credential flows must have a scope value with /.default"
              + " suffixed to the resource identifier (application ID URI).");
    }
    String resource = scope.substring(0, scope.length() - "/.default".length());

    Optional<ManagedIdentity> identity = identities.byClientId(clientId);
    Optional<ClientRegistry.Client> app =
        identity.isPresent() ? Optional.empty() : clients.find(clientId);
    if (identity.isEmpty() && app.isEmpty()) {
      throw new EntraException(
          400,
          "unauthorized_client",
          700016,
          "Application with identifier '"
              + clientId
              + "' was not found in the directory '"
              + tenantId
              + "'. This can happen if the application has not been installed by the"
              + " administrator of the tenant or consented to by any user in the tenant. You may"
              + " have sent your authentication request to the wrong tenant.");
    }

    String secret = form.get("client_secret");
    String assertion = form.get("client_assertion");
    if (secret != null && !secret.isEmpty()) {
      if (app.isEmpty() || !ClientRegistry.secretMatches(app.get(), secret)) {
        throw new EntraException(
            401,
            "invalid_client",
            7000215,
            "Invalid client secret provided. Ensure the secret being sent in the request is the"
                + " client secret value, not the client secret ID, for a secret added to app '"
                + clientId
                + "'.");
      }
      ClientRegistry.Client client = app.get();
      return new Issued(
          tokens.mint(resource, client.principalId(), client.clientId(), "1", Map.of()),
          tokens.lifetime().getSeconds(),
          client.clientId(),
          null);
    }
    if (assertion == null || assertion.isEmpty()) {
      throw new EntraException(
          401,
          "invalid_client",
          7000218,
          "The request body must contain the following parameter: 'client_assertion' or"
              + " 'client_secret'.");
    }
    String assertionType = required(form, "client_assertion_type");
    if (!JWT_BEARER.equals(assertionType)) {
      throw new EntraException(
          400,
          "invalid_request",
          50027,
          "Invalid client_assertion_type '" + assertionType + "'; expected '" + JWT_BEARER + "'.");
    }
    if (identity.isEmpty()) {
      throw new EntraException(
          400,
          "invalid_client",
          70025,
          "The client '" + clientId + "' has no configured federated identity credentials.");
    }
    ManagedIdentity mi = identity.get();
    JwtClaims claims = validateAssertion(assertion);
    matchCredential(mi, claims);
    return new Issued(
        tokens.mint(resource, mi.principalId(), mi.clientId(), "2", Map.of("xms_mirid", mi.id())),
        tokens.lifetime().getSeconds(),
        mi.clientId(),
        mi.id());
  }

  private JwtClaims validateAssertion(String assertion) {
    JwtContext context;
    String issuer;
    try {
      context =
          new JwtConsumerBuilder()
              .setSkipAllValidators()
              .setDisableRequireSignature()
              .setSkipSignatureVerification()
              .build()
              .process(assertion);
      issuer = context.getJwtClaims().getIssuer();
    } catch (InvalidJwtException | MalformedClaimException e) {
      throw malformed();
    }
    if (issuer == null || context.getJoseObjects().size() != 1) {
      throw malformed();
    }
    JsonWebStructure structure = context.getJoseObjects().get(0);
    if (!(structure instanceof JsonWebSignature)) {
      throw malformed();
    }
    String alg = structure.getAlgorithmHeaderValue();
    if (!ASSERTION_ALGORITHMS.contains(alg)) {
      throw signatureFailure("The signing algorithm is not supported.");
    }
    JsonWebKey key = issuerKeys.find(issuer, structure.getKeyIdHeaderValue());
    if (key == null) {
      throw signatureFailure("The key was not found.");
    }
    try {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setCompactSerialization(assertion);
      jws.setKey(key.getKey());
      if (!jws.verifySignature()) {
        throw signatureFailure("The signature is invalid.");
      }
    } catch (JoseException e) {
      throw signatureFailure("The signature could not be verified.");
    }
    JwtClaims claims = context.getJwtClaims();
    checkTime(claims);
    return claims;
  }

  private void checkTime(JwtClaims claims) {
    NumericDate exp;
    NumericDate nbf;
    try {
      exp = claims.getExpirationTime();
      nbf = claims.getNotBefore();
    } catch (MalformedClaimException e) {
      throw malformed();
    }
    if (exp == null) {
      throw malformed();
    }
    Instant now = clock.instant();
    long skew = rules.get().clockSkew().getSeconds();
    Instant expiry = Instant.ofEpochSecond(exp.getValue());
    Instant notBefore = nbf == null ? null : Instant.ofEpochSecond(nbf.getValue());
    boolean expired = now.isAfter(expiry.plusSeconds(skew));
    boolean early = notBefore != null && now.plusSeconds(skew).isBefore(notBefore);
    if (expired || early) {
      throw new EntraException(
          400,
          "invalid_client",
          700024,
          "Client assertion is not within its valid time range. Current time: "
              + TIME.format(now)
              + ", assertion valid from "
              + (notBefore == null ? "(not set)" : TIME.format(notBefore))
              + ", expiry time of assertion "
              + TIME.format(expiry)
              + ". Review the documentation at"
              + " https://learn.microsoft.com/entra/identity-platform/certificate-credentials .");
    }
  }

  private void matchCredential(ManagedIdentity identity, JwtClaims claims) {
    String issuer;
    String subject;
    List<String> audiences;
    try {
      issuer = claims.getIssuer();
      subject = claims.getSubject();
      audiences = claims.hasAudience() ? claims.getAudience() : List.of();
    } catch (MalformedClaimException e) {
      throw malformed();
    }
    Instant now = clock.instant();
    List<FederatedCredential> live =
        identities.credentialsOf(identity).stream().filter(c -> c.propagatedAt(now)).toList();
    boolean issuerMatch = false;
    boolean subjectMatch = false;
    for (FederatedCredential c : live) {
      if (!c.issuer().equals(issuer)) {
        continue;
      }
      issuerMatch = true;
      if (!c.subject().equals(subject)) {
        continue;
      }
      subjectMatch = true;
      if (c.audiences().stream().anyMatch(audiences::contains)) {
        return;
      }
    }
    String audience = String.join(",", audiences);
    if (rules.get().noMatchCodes() == EmulatorRules.NoMatchCodes.SPLIT) {
      String check =
          " Check your federated identity credential Subject, Audience and Issuer against the"
              + " presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation";
      if (!issuerMatch) {
        throw noMatch(
            700211,
            "No matching federated identity record found for presented assertion issuer '"
                + issuer
                + "'. Please check your federated identity credential Subject, Audience and"
                + " Issuer against the presented assertion."
                + " https://learn.microsoft.com/entra/workload-id/workload-identity-federation");
      }
      if (!subjectMatch) {
        throw noMatch(
            700213,
            "No matching federated identity record found for presented assertion subject '"
                + subject
                + "'."
                + check);
      }
      throw noMatch(
          700212,
          "No matching federated identity record found for presented assertion audience '"
              + audience
              + "'."
              + check);
    }
    throw noMatch(
        70021,
        "No matching federated identity record found for presented assertion. Assertion Issuer: '"
            + issuer
            + "'. Assertion Subject: '"
            + subject
            + "'. Assertion Audience: '"
            + audience
            + "'. https://learn.microsoft.com/entra/workload-id/workload-identity-federation");
  }

  private static EntraException noMatch(long code, String description) {
    return new EntraException(400, "invalid_request", code, description);
  }

  private static EntraException malformed() {
    return new EntraException(400, "invalid_request", 50027, "JWT token is invalid or malformed.");
  }

  private static EntraException signatureFailure(String reason) {
    return new EntraException(
        401,
        "invalid_client",
        700027,
        "Client assertion failed signature validation. (Reason - " + reason + ")");
  }

  private static String required(Map<String, String> form, String name) {
    String value = form.get(name);
    if (value == null || value.isEmpty()) {
      throw EntraException.missingParameter(name);
    }
    return value;
  }
}
