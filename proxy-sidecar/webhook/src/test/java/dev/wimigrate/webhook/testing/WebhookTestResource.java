package dev.wimigrate.webhook.testing;

import dev.wimigrate.testkit.kube.ControlPlane;
import dev.wimigrate.testkit.kube.ControlPlanes;
import dev.wimigrate.testkit.pki.CertificateAuthority;
import dev.wimigrate.testkit.pki.IssuedCertificate;
import io.fabric8.kubernetes.client.Config;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts (or joins) the JVM's real control plane, points the webhook's Kubernetes client at it, and
 * gives the webhook a serving certificate for 127.0.0.1 from a throw-away CA on a free port, so the
 * apiserver can call it at {@code https://127.0.0.1:<port>/mutate-v1-pod}.
 *
 * <p>Tests read the port ({@code quarkus.http.test-ssl-port}) and the CA ({@link #CA_FILE}) from
 * the configuration. The init argument {@code self-signed=true} leaves the certificate out.
 */
public class WebhookTestResource implements QuarkusTestResourceLifecycleManager {

  public static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  public static final String CA_FILE = "wimigrate.test.ca-file";

  private boolean selfSigned;

  @Override
  public void init(Map<String, String> initArgs) {
    selfSigned = Boolean.parseBoolean(initArgs.getOrDefault("self-signed", "false"));
  }

  @Override
  public Map<String, String> start() {
    ControlPlane plane = ControlPlanes.shared();
    Config config = Config.fromKubeconfig(plane.adminKubeconfig());
    Map<String, String> props = new HashMap<>();
    props.put("quarkus.kubernetes-client.api-server-url", config.getMasterUrl());
    props.put("quarkus.kubernetes-client.ca-cert-data", config.getCaCertData());
    props.put("quarkus.kubernetes-client.client-cert-data", config.getClientCertData());
    props.put("quarkus.kubernetes-client.client-key-data", config.getClientKeyData());
    props.put("wimigrate.webhook.tenant-id", TENANT);
    props.put("quarkus.http.test-ssl-port", Integer.toString(freePort()));
    if (!selfSigned) {
      try {
        Path dir = Files.createTempDirectory("webhook-tls");
        CertificateAuthority ca = CertificateAuthority.create("wimigrate-webhook-test-ca");
        IssuedCertificate serving =
            ca.issueServer("127.0.0.1", List.of("localhost"), List.of("127.0.0.1"));
        Path crt = serving.writePem(dir, "tls");
        Path caFile = dir.resolve("ca.crt");
        Files.writeString(caFile, ca.certificatePem());
        props.put("wimigrate.webhook.tls.cert-file", crt.toString());
        props.put("wimigrate.webhook.tls.key-file", dir.resolve("tls.key").toString());
        props.put(CA_FILE, caFile.toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return props;
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    // the control plane is shared for the JVM
  }
}
