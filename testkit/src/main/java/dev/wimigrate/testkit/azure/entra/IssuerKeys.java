package dev.wimigrate.testkit.azure.entra;

import org.jose4j.jwk.JsonWebKey;

/** Where Entra gets an external issuer's signing keys: its OIDC discovery and JWKS. */
public interface IssuerKeys {

  /**
   * The key with this id (or, without a kid, the issuer's keys if there is exactly one usable);
   * {@code null} when the issuer publishes no such key.
   *
   * @throws EntraException AADSTS90061 when discovery or the key set cannot be fetched
   */
  JsonWebKey find(String issuer, String kid);
}
