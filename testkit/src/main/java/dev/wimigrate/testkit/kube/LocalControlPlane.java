package dev.wimigrate.testkit.kube;

import dev.wimigrate.testkit.pki.CertificateAuthority;
import dev.wimigrate.testkit.pki.IssuedCertificate;
import dev.wimigrate.testkit.process.ManagedProcess;
import dev.wimigrate.testkit.process.Ports;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real control plane from locally built binaries: kube-apiserver (with its own service-account
 * issuer and OIDC discovery), kube-controller-manager, kube-scheduler and KWOK, which plays the
 * kubelets of fake Linux and Windows nodes so Deployments roll out to Running pods.
 */
public final class LocalControlPlane implements ControlPlane {

  /** Fake nodes every control plane starts with; workloads are scheduled onto them. */
  public static final List<FakeNode> DEFAULT_NODES =
      List.of(
          new FakeNode("kwok-linux-0", "linux"),
          new FakeNode("kwok-linux-1", "linux"),
          new FakeNode("kwok-windows-0", "windows"));

  public static final String KWOK_ANNOTATION = "kwok.x-k8s.io/node";

  private final String name;
  private final String apiServerUrl;
  private final CertificateAuthority ca;
  private final String kubeconfig;
  private final Path kubeconfigFile;
  private final Path workDir;
  private final List<ManagedProcess> processes;
  private final KubernetesClient client;
  private final String version;

  private LocalControlPlane(
      String name,
      String apiServerUrl,
      CertificateAuthority ca,
      String kubeconfig,
      Path kubeconfigFile,
      Path workDir,
      List<ManagedProcess> processes,
      KubernetesClient client,
      String version) {
    this.name = name;
    this.apiServerUrl = apiServerUrl;
    this.ca = ca;
    this.kubeconfig = kubeconfig;
    this.kubeconfigFile = kubeconfigFile;
    this.workDir = workDir;
    this.processes = processes;
    this.client = client;
    this.version = version;
  }

  /** A fake node played by KWOK. */
  public record FakeNode(String name, String os) {}

  public static LocalControlPlane start(String name, TestBedBinaries bin, EtcdServer etcd) {
    return start(name, bin, etcd, DEFAULT_NODES);
  }

  public static LocalControlPlane start(
      String name, TestBedBinaries bin, EtcdServer etcd, List<FakeNode> nodes) {
    long started = System.nanoTime();
    List<ManagedProcess> processes = new ArrayList<>();
    try {
      Path dir = Files.createTempDirectory("wimigrate-kube-" + name + "-");
      int port = Ports.freePort();
      String url = "https://127.0.0.1:" + port;

      CertificateAuthority ca = CertificateAuthority.create(name + "-ca");
      Files.writeString(dir.resolve("ca.crt"), ca.certificatePem());
      ca.issueServer(
              "kube-apiserver",
              List.of(
                  "localhost",
                  "kubernetes",
                  "kubernetes.default",
                  "kubernetes.default.svc",
                  "kubernetes.default.svc.cluster.local"),
              List.of("127.0.0.1", "10.96.0.1"))
          .writePem(dir, "apiserver");
      IssuedCertificate admin = ca.issueClient("wimigrate-admin", List.of("system:masters"));
      KeyPair saKeys = CertificateAuthority.newRsaKeyPair();
      Files.writeString(dir.resolve("sa.key"), CertificateAuthority.pem(saKeys.getPrivate()));
      Files.writeString(dir.resolve("sa.pub"), CertificateAuthority.pem(saKeys.getPublic()));

      String kubeconfig =
          Kubeconfigs.withClientCertificate(
              name, url, ca.certificatePem(), admin.certificatePem(), admin.keyPem());
      Path kubeconfigFile = dir.resolve("admin.kubeconfig");
      Files.writeString(kubeconfigFile, kubeconfig);

      ManagedProcess apiserver =
          ManagedProcess.start(
              name + "-kube-apiserver",
              List.of(
                  bin.kubeApiserver().toString(),
                  "--etcd-servers=" + etcd.clientUrl(),
                  // one etcd serves every simulated cluster, each under its own prefix
                  "--etcd-prefix=/clusters/" + name + "-" + UUID.randomUUID(),
                  "--bind-address=127.0.0.1",
                  "--advertise-address=127.0.0.1",
                  "--secure-port=" + port,
                  "--cert-dir=" + dir,
                  "--tls-cert-file=" + dir.resolve("apiserver.crt"),
                  "--tls-private-key-file=" + dir.resolve("apiserver.key"),
                  "--client-ca-file=" + dir.resolve("ca.crt"),
                  "--service-account-issuer=" + url,
                  "--service-account-jwks-uri=" + url + "/openid/v1/jwks",
                  "--service-account-key-file=" + dir.resolve("sa.pub"),
                  "--service-account-signing-key-file=" + dir.resolve("sa.key"),
                  "--service-cluster-ip-range=10.96.0.0/16",
                  "--authorization-mode=Node,RBAC",
                  // the proxy-init container is privileged, as in the reference webhook
                  "--allow-privileged=true",
                  "--enable-priority-and-fairness=false",
                  "--profiling=false",
                  "--v=1"),
              Map.of(),
              dir.resolve("kube-apiserver.log"));
      processes.add(apiserver);

      Config config = Config.fromKubeconfig(kubeconfig);
      config.setRequestTimeout(30_000);
      KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
      awaitReady(client, apiserver, Duration.ofSeconds(90));

      // AKS serves OIDC discovery anonymously; Entra (and our emulator) fetch it without auth.
      client
          .rbac()
          .clusterRoleBindings()
          .resource(
              new ClusterRoleBindingBuilder()
                  .withNewMetadata()
                  .withName("wimigrate-oidc-discovery-anonymous")
                  .endMetadata()
                  .withNewRoleRef()
                  .withApiGroup("rbac.authorization.k8s.io")
                  .withKind("ClusterRole")
                  .withName("system:service-account-issuer-discovery")
                  .endRoleRef()
                  .addNewSubject()
                  .withApiGroup("rbac.authorization.k8s.io")
                  .withKind("Group")
                  .withName("system:unauthenticated")
                  .endSubject()
                  .build())
          .serverSideApply();

      processes.add(
          ManagedProcess.start(
              name + "-kube-controller-manager",
              List.of(
                  bin.kubeControllerManager().toString(),
                  "--kubeconfig=" + kubeconfigFile,
                  "--leader-elect=false",
                  "--controllers=*,-serviceaccount-token,-nodeipam",
                  // KWOK reports its nodes' status about once a minute, just over the default
                  // 50 s grace: the node lifecycle controller would then see every node NotReady
                  // for a moment and mark all pods not Ready for good (KWOK does not set them
                  // Ready again), so rollouts in a scenario longer than a minute would hang
                  "--node-monitor-grace-period=10m",
                  "--root-ca-file=" + dir.resolve("ca.crt"),
                  "--secure-port=0",
                  "--v=1"),
              Map.of(),
              dir.resolve("kube-controller-manager.log")));
      processes.add(
          ManagedProcess.start(
              name + "-kube-scheduler",
              List.of(
                  bin.kubeScheduler().toString(),
                  "--kubeconfig=" + kubeconfigFile,
                  "--leader-elect=false",
                  "--secure-port=0",
                  "--v=1"),
              Map.of(),
              dir.resolve("kube-scheduler.log")));
      processes.add(
          ManagedProcess.start(
              name + "-kwok",
              List.of(
                  bin.kwok().toString(),
                  "--kubeconfig=" + kubeconfigFile,
                  "--manage-all-nodes=false",
                  "--manage-nodes-with-annotation-selector=" + KWOK_ANNOTATION + "=fake",
                  "--cidr=10.244.0.1/16",
                  "--node-ip=10.240.0.10"),
              Map.of(),
              dir.resolve("kwok.log")));
      nodes.forEach(node -> createFakeNode(client, node));

      String version = client.getKubernetesVersion().getGitVersion();
      LocalControlPlane plane =
          new LocalControlPlane(
              name, url, ca, kubeconfig, kubeconfigFile, dir, processes, client, version);
      plane.awaitNodesReady(nodes.size(), Duration.ofSeconds(60));
      System.err.printf(
          "[testbed] control plane %s (%s) ready at %s in %d ms; logs in %s%n",
          name, version, url, (System.nanoTime() - started) / 1_000_000, dir);
      return plane;
    } catch (IOException e) {
      processes.forEach(ManagedProcess::close);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      processes.forEach(ManagedProcess::close);
      throw e;
    }
  }

  private static void awaitReady(
      KubernetesClient client, ManagedProcess apiserver, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      if (!apiserver.isAlive()) {
        throw new IllegalStateException("kube-apiserver exited:\n" + apiserver.logTail(40));
      }
      try {
        last = client.raw("/readyz");
        if ("ok".equals(last)) {
          return;
        }
      } catch (RuntimeException notYet) {
        last = notYet.getMessage();
      }
      EtcdServer.sleep(200);
    }
    throw new IllegalStateException(
        "kube-apiserver not ready in " + timeout + " (" + last + "):\n" + apiserver.logTail(40));
  }

  private static void createFakeNode(KubernetesClient client, FakeNode node) {
    Map<String, Quantity> capacity =
        Map.of(
            "cpu", new Quantity("32"),
            "memory", new Quantity("256Gi"),
            "pods", new Quantity("250"));
    NodeBuilder builder =
        new NodeBuilder()
            .withNewMetadata()
            .withName(node.name())
            .addToAnnotations(KWOK_ANNOTATION, "fake")
            .addToLabels("kubernetes.io/os", node.os())
            .addToLabels("kubernetes.io/arch", "amd64")
            .addToLabels("kubernetes.io/hostname", node.name())
            .addToLabels("type", "kwok")
            .endMetadata()
            .withNewStatus()
            .withCapacity(capacity)
            .withAllocatable(capacity)
            .withNewNodeInfo()
            .withOperatingSystem(node.os())
            .withArchitecture("amd64")
            .withKubeletVersion("v1.34.4")
            .endNodeInfo()
            .endStatus();
    if ("windows".equals(node.os())) {
      // as many AKS Windows pools do: only pods that tolerate Windows land there
      builder
          .editSpec()
          .addNewTaint()
          .withKey("os")
          .withValue("windows")
          .withEffect("NoSchedule")
          .endTaint()
          .endSpec();
    }
    client.nodes().resource(builder.build()).create();
  }

  private void awaitNodesReady(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      long ready =
          client.nodes().list().getItems().stream()
              .filter(
                  n ->
                      n.getStatus() != null
                          && n.getStatus().getConditions() != null
                          && n.getStatus().getConditions().stream()
                              .anyMatch(
                                  c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
              .count();
      if (ready >= count) {
        return;
      }
      processes.stream()
          .filter(p -> !p.isAlive())
          .findFirst()
          .ifPresent(
              p -> {
                throw new IllegalStateException(p.name() + " exited:\n" + p.logTail(40));
              });
      EtcdServer.sleep(200);
    }
    throw new IllegalStateException(
        "fake nodes not Ready in " + timeout + "; kwok log:\n" + processes.get(3).logTail(40));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String apiServerUrl() {
    return apiServerUrl;
  }

  @Override
  public String issuerUrl() {
    return apiServerUrl;
  }

  @Override
  public String caCertificatePem() {
    return ca.certificatePem();
  }

  public CertificateAuthority certificateAuthority() {
    return ca;
  }

  @Override
  public String adminKubeconfig() {
    return kubeconfig;
  }

  @Override
  public Path adminKubeconfigFile() {
    return kubeconfigFile;
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public String kubernetesVersion() {
    return version;
  }

  public Path workDir() {
    return workDir;
  }

  @Override
  public void close() {
    client.close();
    // stop the clients of the apiserver first, the apiserver last
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
  }
}
