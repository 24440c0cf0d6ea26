package dev.wimigrate.testkit.azure.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

/**
 * Fetches {@code {iss}/.well-known/openid-configuration}, then its {@code jwks_uri}, anonymously
 * over HTTPS, as Entra does; caches each issuer's keys for a short time and refetches once when a
 * token names an unknown {@code kid} (key rotation).
 */
public final class HttpIssuerKeys implements IssuerKeys {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final AtomicLong fetches = new AtomicLong();

  public HttpIssuerKeys(SSLContext trust, Duration ttl, Clock clock) {
    this.http =
        HttpClient.newBuilder()
            .sslContext(trust)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public JsonWebKey find(String issuer, String kid) {
    Instant now = clock.instant();
    Cached cached = cache.get(issuer);
    boolean fresh = false;
    if (cached == null || !now.isBefore(cached.fetchedAt.plus(ttl))) {
      cached = fetch(issuer, now);
      fresh = true;
    }
    JsonWebKey key = select(cached.keys, kid);
    if (key == null && !fresh) {
      cached = fetch(issuer, now);
      key = select(cached.keys, kid);
    }
    return key;
  }

  /** Number of discovery+JWKS fetches made (for tests of the cache). */
  public long fetchCount() {
    return fetches.get();
  }

  private Cached fetch(String issuer, Instant now) {
    fetches.incrementAndGet();
    try {
      if (!issuer.startsWith("https://")) {
        throw new IOException("issuer is not https");
      }
      String discoveryUrl =
          (issuer.endsWith("/") ? issuer : issuer + "/") + ".well-known/openid-configuration";
      JsonNode discovery = JSON.readTree(get(discoveryUrl));
      String jwksUri = discovery.path("jwks_uri").asText("");
      if (!jwksUri.startsWith("https://")) {
        throw new IOException("no https jwks_uri in discovery document");
      }
      List<JsonWebKey> keys = new JsonWebKeySet(get(jwksUri)).getJsonWebKeys();
      Cached cached = new Cached(List.copyOf(keys), now);
      cache.put(issuer, cached);
      return cached;
    } catch (IOException | JoseException | RuntimeException e) {
      cache.remove(issuer);
      throw new EntraException(
          400, "invalid_request", 90061, "Request to External OIDC endpoint failed.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EntraException(
          400, "invalid_request", 90061, "Request to External OIDC endpoint failed.");
    }
  }

  private String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                // no Accept header: kube-apiserver serves its JWKS only as application/jwk-set+json
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + url + " answered " + response.statusCode());
    }
    return response.body();
  }

  private static JsonWebKey select(List<JsonWebKey> keys, String kid) {
    if (kid == null) {
      return keys.size() == 1 ? keys.get(0) : null;
    }
    return keys.stream().filter(k -> kid.equals(k.getKeyId())).findFirst().orElse(null);
  }

  private record Cached(List<JsonWebKey> keys, Instant fetchedAt) {}
}
