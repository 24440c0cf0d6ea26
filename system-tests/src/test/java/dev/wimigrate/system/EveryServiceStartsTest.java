package dev.wimigrate.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wimigrate.testkit.kafka.KafkaBrokers;
import dev.wimigrate.testkit.kube.ControlPlane;
import dev.wimigrate.testkit.kube.ControlPlanes;
import dev.wimigrate.testkit.pki.CertificateAuthority;
import dev.wimigrate.testkit.process.Ports;
import dev.wimigrate.testkit.services.ServiceProcess;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every packaged service starts with {@code java -jar} and serves health, metrics and OpenAPI. */
class EveryServiceStartsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "inventory-service",
        "identity-service",
        "federation-service",
        "cluster-agent",
        "proxy-sidecar/proxy",
        "proxy-sidecar/webhook"
      })
  void packagedServiceStartsAndAnswersHealthMetricsAndOpenApi(String module) throws Exception {
    ControlPlane cluster = ControlPlanes.shared();
    int port = Ports.freePort();
    ServiceProcess.Builder builder =
        ServiceProcess.of(module)
            .httpPort(port)
            .env("KAFKA_BOOTSTRAP_SERVERS", KafkaBrokers.shared().bootstrapServers())
            .env("KUBECONFIG", cluster.adminKubeconfigFile().toString())
            .config("wimigrate.agent.cluster-id", cluster.name());
    if (module.endsWith("/proxy")) {
      // the sidecar refuses to start without its workload identity environment
      Path tokenFile = Files.createTempFile("wimigrate-federated-token", ".jwt");
      Files.writeString(tokenFile, "not-a-real-token");
      builder
          .env("PROXY_PORT", Integer.toString(port))
          .env("AZURE_TENANT_ID", "72f988bf-86f1-41af-91ab-2d7cd011db47")
          .env("AZURE_CLIENT_ID", "33333333-3333-3333-3333-333333333333")
          .env("AZURE_FEDERATED_TOKEN_FILE", tokenFile.toString());
    }
    if (module.endsWith("/webhook")) {
      // HTTPS only, as the apiserver calls it: a serving certificate from a test CA
      CertificateAuthority ca = CertificateAuthority.create("wimigrate-webhook-test-ca");
      Path certificate =
          ca.issueServer("127.0.0.1", List.of("localhost"), List.of("127.0.0.1"))
              .writePem(Files.createTempDirectory("wimigrate-webhook-tls"), "tls");
      builder
          .env("WEBHOOK_PORT", Integer.toString(port))
          .env("WEBHOOK_TLS_CERT_FILE", certificate.toString())
          .env("WEBHOOK_TLS_KEY_FILE", certificate.resolveSibling("tls.key").toString())
          .env("AZURE_TENANT_ID", "72f988bf-86f1-41af-91ab-2d7cd011db47")
          .https(ca.trustingSslContext());
    }
    try (ServiceProcess service = builder.start()) {

      HttpResponse<String> health = get(service, "/q/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\": \"UP\"");

      HttpResponse<String> metrics = get(service, "/q/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("jvm_memory_used_bytes");

      HttpResponse<String> openapi = get(service, "/q/openapi?format=json");
      assertThat(openapi.statusCode()).isEqualTo(200);
      assertThat(openapi.body()).contains("\"openapi\"");
    }
  }

  HttpResponse<String> get(ServiceProcess service, String path) throws Exception {
    return service
        .httpClient()
        .send(
            HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
