package dev.wimigrate.proxy.config;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * An SSL context that trusts the system's CAs plus the ones of {@code WIMIGRATE_AUTHORITY_CA_FILE}:
 * for Entra behind a TLS-inspecting egress proxy, a sovereign or Azure Stack authority with a
 * private CA, and the test bed's emulator. A native image fixes its trust store at build time, so
 * an environment variable is the only way to add a CA at run time.
 */
final class TrustedCas {

  private TrustedCas() {}

  static SSLContext sslContext(List<X509Certificate> extra) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (X509Certificate ca : systemCas()) {
        store.setCertificateEntry("system-" + i++, ca);
      }
      for (X509Certificate ca : extra) {
        store.setCertificateEntry("extra-" + i++, ca);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the TLS trust for the authority host", e);
    }
  }

  private static List<X509Certificate> systemCas() throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return List.of(x509.getAcceptedIssuers());
      }
    }
    return List.of();
  }
}
