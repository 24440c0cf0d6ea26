package dev.wimigrate.testkit.azure;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.wimigrate.testkit.pki.CertificateAuthority;
import dev.wimigrate.testkit.pki.IssuedCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/**
 * A minimal OIDC issuer over HTTPS (discovery + JWKS) whose tokens the tests shape freely, e.g.
 * already expired — what a kube-apiserver will not hand out.
 */
final class TestIssuer implements AutoCloseable {

  final CertificateAuthority ca = CertificateAuthority.create("test issuer CA");
  final RsaJsonWebKey key;
  private final HttpsServer server;
  private final String url;

  TestIssuer() throws Exception {
    KeyPair pair = CertificateAuthority.newRsaKeyPair();
    key = new RsaJsonWebKey((RSAPublicKey) pair.getPublic());
    key.setPrivateKey(pair.getPrivate());
    key.setKeyId("test-key-1");
    IssuedCertificate cert = ca.issueServer("issuer", List.of("localhost"), List.of("127.0.0.1"));
    char[] password = "changeit".toCharArray();
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(cert.keyStore(password), password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    url = "https://127.0.0.1:" + server.getAddress().getPort();
    server.createContext(
        "/.well-known/openid-configuration",
        http -> {
          byte[] body =
              ("{\"issuer\":\"" + url + "\",\"jwks_uri\":\"" + url + "/keys\"}")
                  .getBytes(StandardCharsets.UTF_8);
          http.sendResponseHeaders(200, body.length);
          http.getResponseBody().write(body);
          http.close();
        });
    server.createContext(
        "/keys",
        http -> {
          byte[] body =
              new JsonWebKeySet(key)
                  .toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)
                  .getBytes(StandardCharsets.UTF_8);
          http.sendResponseHeaders(200, body.length);
          http.getResponseBody().write(body);
          http.close();
        });
    server.start();
  }

  String url() {
    return url;
  }

  String caPem() {
    return ca.certificatePem();
  }

  /** A token from this issuer valid between the given instants. */
  String token(String subject, String audience, Instant notBefore, Instant expiry)
      throws Exception {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(url);
    claims.setSubject(subject);
    claims.setAudience(audience);
    claims.setIssuedAt(NumericDate.fromSeconds(notBefore.getEpochSecond()));
    claims.setNotBefore(NumericDate.fromSeconds(notBefore.getEpochSecond()));
    claims.setExpirationTime(NumericDate.fromSeconds(expiry.getEpochSecond()));
    return sign(claims.toJson(), key, key.getKeyId());
  }

  static String sign(String payload, RsaJsonWebKey with, String kid) throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(payload);
    jws.setKey(with.getPrivateKey());
    jws.setKeyIdHeaderValue(kid);
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    return jws.getCompactSerialization();
  }

  static RsaJsonWebKey newKey(String kid) {
    KeyPair pair = CertificateAuthority.newRsaKeyPair();
    RsaJsonWebKey k = new RsaJsonWebKey((RSAPublicKey) pair.getPublic());
    k.setPrivateKey(pair.getPrivate());
    k.setKeyId(kid);
    return k;
  }

  @Override
  public void close() throws IOException {
    server.stop(0);
  }
}
