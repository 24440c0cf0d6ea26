package dev.wimigrate.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfSignedCertificateTest {

  @Test
  void certificateCarriesEveryNameAsSubjectAlternativeName() throws Exception {
    SelfSignedCertificate cert =
        SelfSignedCertificate.generate(
            List.of("wimigrate-webhook.wimigrate-system.svc", "localhost", "127.0.0.1"));

    assertThat(cert.certificate().getSubjectAlternativeNames())
        .extracting(san -> san.get(0) + "=" + san.get(1))
        .containsExactly("2=wimigrate-webhook.wimigrate-system.svc", "2=localhost", "7=127.0.0.1");
    assertThat(cert.certificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=wimigrate-webhook.wimigrate-system.svc");
    assertThat(cert.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    cert.certificate().verify(cert.certificate().getPublicKey());
    assertThat(cert.certificate().getNotAfter().toInstant())
        .isAfter(Instant.now().plus(Duration.ofDays(364)));
    assertThat(cert.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(cert.keyPem()).contains("PRIVATE KEY-----");
  }

  @Test
  void certificateNeedsAName() {
    assertThat(catchThrowable(() -> SelfSignedCertificate.generate(List.of())))
        .hasMessage("a certificate needs at least one name");
  }
}
