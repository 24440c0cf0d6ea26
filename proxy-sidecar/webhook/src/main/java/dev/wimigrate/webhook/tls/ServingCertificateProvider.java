package dev.wimigrate.webhook.tls;

import dev.wimigrate.webhook.config.WebhookConfig;
import io.quarkus.tls.runtime.KeyStoreAndKeyCertOptions;
import io.quarkus.tls.runtime.KeyStoreProvider;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import org.jboss.logging.Logger;

/**
 * The HTTPS server's key store (Quarkus' default TLS configuration): the mounted PEM certificate
 * and key when {@code wimigrate.webhook.tls.cert-file}/{@code key-file} are set, otherwise a
 * self-signed certificate generated at start-up (its PEM is logged, to be used as caBundle).
 */
@ApplicationScoped
public class ServingCertificateProvider implements KeyStoreProvider {

  private static final Logger LOG = Logger.getLogger(ServingCertificateProvider.class);

  private final WebhookConfig.Tls config;

  @Inject
  public ServingCertificateProvider(WebhookConfig config) {
    this.config = config.tls();
  }

  @Override
  public KeyStoreAndKeyCertOptions getKeyStore(Vertx vertx) {
    PemKeyCertOptions options = options();
    try {
      KeyStore store = options.loadKeyStore(vertx);
      return new KeyStoreAndKeyCertOptions(store, options);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot load the webhook's serving certificate: " + e.getMessage(), e);
    }
  }

  PemKeyCertOptions options() {
    boolean cert = config.certFile().filter(s -> !s.isBlank()).isPresent();
    boolean key = config.keyFile().filter(s -> !s.isBlank()).isPresent();
    if (cert != key) {
      throw new IllegalStateException(
          "set both wimigrate.webhook.tls.cert-file and wimigrate.webhook.tls.key-file"
              + " (WEBHOOK_TLS_CERT_FILE, WEBHOOK_TLS_KEY_FILE), or neither for a self-signed"
              + " certificate");
    }
    if (cert) {
      Path certFile = Path.of(config.certFile().get());
      Path keyFile = Path.of(config.keyFile().get());
      for (Path p : new Path[] {certFile, keyFile}) {
        if (!Files.isReadable(p)) {
          throw new IllegalStateException("TLS file " + p + " is not readable");
        }
      }
      LOG.infof("serving certificate from %s", certFile);
      return new PemKeyCertOptions()
          .setCertPath(certFile.toString())
          .setKeyPath(keyFile.toString());
    }
    SelfSignedCertificate generated = SelfSignedCertificate.generate(config.selfSignedNames());
    LOG.infof(
        "no serving certificate configured: generated a self-signed one for %s; use it as the"
            + " MutatingWebhookConfiguration's caBundle:%n%s",
        config.selfSignedNames(), generated.certificatePem());
    return new PemKeyCertOptions()
        .setCertValue(Buffer.buffer(generated.certificatePem()))
        .setKeyValue(Buffer.buffer(generated.keyPem()));
  }
}
