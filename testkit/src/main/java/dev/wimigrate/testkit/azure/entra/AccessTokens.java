package dev.wimigrate.testkit.azure.entra;

import dev.wimigrate.testkit.pki.CertificateAuthority;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;

/**
 * The emulator's own token issuer: an RSA key (published as JWKS), minting of access tokens that
 * say which identity or client they are for, and their verification (for the ARM side).
 */
public final class AccessTokens {

  private final String issuer;
  private final String tenantId;
  private final Clock clock;
  private final Duration lifetime;
  private final RsaJsonWebKey key;

  public AccessTokens(String issuer, String tenantId, Clock clock, Duration lifetime) {
    this.issuer = issuer;
    this.tenantId = tenantId;
    this.clock = clock;
    this.lifetime = lifetime;
    KeyPair pair = CertificateAuthority.newRsaKeyPair();
    this.key = new RsaJsonWebKey((java.security.interfaces.RSAPublicKey) pair.getPublic());
    key.setPrivateKey(pair.getPrivate());
    key.setKeyId(UUID.randomUUID().toString().replace("-", "").substring(0, 20));
    key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
    key.setUse("sig");
  }

  /** The {@code iss} of every token the emulator issues, also in its discovery document. */
  public String issuer() {
    return issuer;
  }

  public Duration lifetime() {
    return lifetime;
  }

  /** The public key set as JSON ({@code {"keys":[…]}}). */
  public String jwksJson() {
    JsonWebKeySet set = new JsonWebKeySet(key);
    return set.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
  }

  /** The public keys, for relying parties in the same JVM. */
  public JsonWebKeySet publicKeys() {
    try {
      return new JsonWebKeySet(jwksJson());
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Mints an access token.
   *
   * @param audience the resource of the requested scope
   * @param principalId the {@code oid}/{@code sub}
   * @param clientId the {@code appid}/{@code azp}
   * @param extra more claims (e.g. {@code xms_mirid}, or {@code roles} as a list); they replace the
   *     standard ones of the same name, so a test can mint an expired token ({@code exp}) or one of
   *     another issuer ({@code iss}) with the emulator's key
   * @param credentialType {@code appidacr}: "1" secret, "2" certificate or assertion
   */
  public String mint(
      String audience,
      String principalId,
      String clientId,
      String credentialType,
      Map<String, ?> extra) {
    Instant now = clock.instant();
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setAudience(audience);
    claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
    claims.setNotBefore(NumericDate.fromSeconds(now.getEpochSecond()));
    claims.setExpirationTime(NumericDate.fromSeconds(now.plus(lifetime).getEpochSecond()));
    claims.setSubject(principalId);
    claims.setStringClaim("oid", principalId);
    claims.setStringClaim("tid", tenantId);
    claims.setStringClaim("appid", clientId);
    claims.setStringClaim("azp", clientId);
    claims.setStringClaim("appidacr", credentialType);
    claims.setStringClaim("azpacr", credentialType);
    claims.setStringClaim("idtyp", "app");
    claims.setStringClaim("idp", issuer);
    claims.setStringClaim("ver", "2.0");
    claims.setStringClaim("uti", UUID.randomUUID().toString());
    extra.forEach(claims::setClaim);
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key.getPrivateKey());
    jws.setKeyIdHeaderValue(key.getKeyId());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    jws.setHeader("typ", "JWT");
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Verifies a token this emulator issued: signature, issuer, time and one of the audiences.
   *
   * @throws InvalidJwtException when it is not valid
   */
  public JwtClaims verify(String token, Collection<String> audiences) throws InvalidJwtException {
    JwtConsumer consumer =
        new JwtConsumerBuilder()
            .setRequireExpirationTime()
            .setEvaluationTime(NumericDate.fromSeconds(clock.instant().getEpochSecond()))
            .setAllowedClockSkewInSeconds(300)
            .setExpectedIssuer(issuer)
            .setExpectedAudience(audiences.toArray(String[]::new))
            .setVerificationKey(key.getPublicKey())
            .setJwsAlgorithmConstraints(
                org.jose4j.jwa.AlgorithmConstraints.ConstraintType.PERMIT,
                AlgorithmIdentifiers.RSA_USING_SHA256)
            .build();
    return consumer.processToClaims(token);
  }
}
