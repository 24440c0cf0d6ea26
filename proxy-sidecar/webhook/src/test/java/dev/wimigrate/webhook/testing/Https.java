package dev.wimigrate.webhook.testing;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * HTTPS requests to the webhook under test with the JDK client, trusting only the test CA (raw
 * bodies of any size or shape, no client-side JSON handling).
 */
public final class Https {

  private Https() {}

  public static int port() {
    return ConfigProvider.getConfig().getValue("quarkus.http.test-ssl-port", Integer.class);
  }

  public static String baseUrl() {
    return "https://127.0.0.1:" + port();
  }

  public static String caPem() {
    try {
      return Files.readString(
          Path.of(ConfigProvider.getConfig().getValue(WebhookTestResource.CA_FILE, String.class)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyStore trusting(String pem) {
    try {
      X509Certificate cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("ca", cert);
      return store;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static SSLContext sslContext(KeyStore trust) {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static HttpClient client(KeyStore trust) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(sslContext(trust))
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  public static HttpResponse<String> post(String path, byte[] body) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .header("Content-Type", "application/json")
            // lets the server refuse an oversized body before it is sent
            .expectContinue(body.length > 1024 * 1024)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  public static HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build());
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return client(trusting(caPem()))
          .send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
