package dev.wimigrate.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wimigrate.webhook.testing.Https;
import dev.wimigrate.webhook.testing.WebhookRegistration;
import dev.wimigrate.webhook.testing.WebhookTestResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * With no certificate configured the webhook serves a self-signed one for 127.0.0.1; used as the
 * caBundle, the real apiserver calls the webhook with it.
 */
@QuarkusTest
@TestProfile(SelfSignedCertificateOnControlPlaneTest.SelfSigned.class)
class SelfSignedCertificateOnControlPlaneTest {

  public static class SelfSigned implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(
          new TestResourceEntry(WebhookTestResource.class, Map.of("self-signed", "true")));
    }
  }

  @Inject KubernetesClient kube;

  /** The certificate the server presents, read without trusting it. */
  static X509Certificate servedCertificate() throws Exception {
    TrustManager trustAll =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trustAll}, null);
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", Https.port())) {
      socket.startHandshake();
      Certificate[] chain = socket.getSession().getPeerCertificates();
      return (X509Certificate) chain[0];
    }
  }

  @Test
  void selfSignedCertificateServesHttpsAndIsAcceptedByTheApiserverAsCaBundle() throws Exception {
    X509Certificate served = servedCertificate();
    assertThat(served.getSubjectX500Principal()).isEqualTo(served.getIssuerX500Principal());
    served.verify(served.getPublicKey());
    assertThat(served.getSubjectAlternativeNames())
        .extracting(san -> String.valueOf(san.get(1)))
        .contains("localhost", "127.0.0.1");

    String pem =
        "-----BEGIN CERTIFICATE-----\n"
            + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(served.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    try (WebhookRegistration registration = WebhookRegistration.register(kube, Https.port(), pem)) {
      String namespace = registration.newNamespace("wh-self");
      registration.awaitActive(namespace);
      kube.pods()
          .inNamespace(namespace)
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName("p")
                  .addToLabels("azure.workload.identity/use", "true")
                  .endMetadata()
                  .withNewSpec()
                  .addNewContainer()
                  .withName("app")
                  .withImage("nginx")
                  .endContainer()
                  .endSpec()
                  .build())
          .create();
      Pod stored = kube.pods().inNamespace(namespace).withName("p").get();
      assertThat(stored.getSpec().getContainers().get(0).getEnv())
          .anySatisfy(e -> assertThat(e.getName()).isEqualTo("AZURE_FEDERATED_TOKEN_FILE"));
      kube.namespaces().withName(namespace).delete();
    }
  }
}
