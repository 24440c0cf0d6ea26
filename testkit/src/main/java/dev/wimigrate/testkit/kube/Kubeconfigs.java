package dev.wimigrate.testkit.kube;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Renders kubeconfig files (certificate or bearer-token users). */
final class Kubeconfigs {

  private Kubeconfigs() {}

  static String withClientCertificate(
      String cluster, String server, String caPem, String certPem, String keyPem) {
    return render(
        cluster,
        server,
        caPem,
        "    client-certificate-data: "
            + b64(certPem)
            + "\n    client-key-data: "
            + b64(keyPem)
            + "\n");
  }

  static String withToken(String cluster, String server, String caPem, String token) {
    return render(cluster, server, caPem, "    token: " + token + "\n");
  }

  private static String render(String cluster, String server, String caPem, String user) {
    return "apiVersion: v1\n"
        + "kind: Config\n"
        + "clusters:\n"
        + "- name: "
        + cluster
        + "\n  cluster:\n"
        + "    server: "
        + server
        + "\n    certificate-authority-data: "
        + b64(caPem)
        + "\nusers:\n"
        + "- name: "
        + cluster
        + "-user\n  user:\n"
        + user
        + "contexts:\n"
        + "- name: "
        + cluster
        + "\n  context:\n"
        + "    cluster: "
        + cluster
        + "\n    user: "
        + cluster
        + "-user\n"
        + "current-context: "
        + cluster
        + "\n";
  }

  private static String b64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }
}
