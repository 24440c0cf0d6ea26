package dev.wimigrate.testkit.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/** A certificate with its private key and issuing CA, in the forms servers and clients want. */
public record IssuedCertificate(X509Certificate certificate, PrivateKey key, X509Certificate ca) {

  public String certificatePem() {
    return CertificateAuthority.pem(certificate);
  }

  public String keyPem() {
    return CertificateAuthority.pem(key);
  }

  /** Writes {@code <base>.crt} and {@code <base>.key}; returns the certificate path. */
  public Path writePem(Path dir, String base) {
    try {
      Files.createDirectories(dir);
      Path crt = dir.resolve(base + ".crt");
      Files.writeString(crt, certificatePem());
      Files.writeString(dir.resolve(base + ".key"), keyPem());
      return crt;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A PKCS#12 key store holding this key and chain. */
  public KeyStore keyStore(char[] password) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", key, password, new Certificate[] {certificate, ca});
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
