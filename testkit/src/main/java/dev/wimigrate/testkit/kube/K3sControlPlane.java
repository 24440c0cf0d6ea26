package dev.wimigrate.testkit.kube;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports.Binding;
import dev.wimigrate.testkit.process.Docker;
import dev.wimigrate.testkit.process.Ports;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * k3s in a container, used instead of the local binaries where a Docker engine exists. The host
 * port is fixed before start so the service-account issuer can name the URL tests reach.
 */
final class K3sControlPlane implements ControlPlane {

  static final String IMAGE = "rancher/k3s:v1.34.1-k3s1";

  private final String name;
  private final K3sContainer container;
  private final String url;
  private final String kubeconfig;
  private final Path kubeconfigFile;
  private final KubernetesClient client;

  private K3sControlPlane(
      String name, K3sContainer container, String url, String kubeconfig, Path file) {
    this.name = name;
    this.container = container;
    this.url = url;
    this.kubeconfig = kubeconfig;
    this.kubeconfigFile = file;
    this.client =
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
  }

  static boolean useK3s() {
    return Docker.available() && !"false".equalsIgnoreCase(System.getenv("WIMIGRATE_USE_K3S"));
  }

  @SuppressWarnings("resource")
  static K3sControlPlane start(String name) {
    int hostPort = Ports.freePort();
    String url = "https://127.0.0.1:" + hostPort;
    K3sContainer container =
        new K3sContainer(DockerImageName.parse(IMAGE))
            .withCreateContainerCmdModifier(
                cmd ->
                    cmd.getHostConfig()
                        .withPortBindings(
                            new PortBinding(Binding.bindPort(hostPort), new ExposedPort(6443))));
    container.withCommand(
        "server",
        "--disable=traefik",
        "--tls-san=127.0.0.1",
        "--kube-apiserver-arg=service-account-issuer=" + url,
        "--kube-apiserver-arg=service-account-jwks-uri=" + url + "/openid/v1/jwks",
        "--kube-apiserver-arg=anonymous-auth=true");
    container.start();
    try {
      String kubeconfig = container.getKubeConfigYaml();
      Path file = Files.createTempFile("wimigrate-k3s-" + name, ".kubeconfig");
      Files.writeString(file, kubeconfig);
      K3sControlPlane plane = new K3sControlPlane(name, container, url, kubeconfig, file);
      plane
          .client()
          .rbac()
          .clusterRoleBindings()
          .resource(
              new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder()
                  .withNewMetadata()
                  .withName("wimigrate-oidc-discovery-anonymous")
                  .endMetadata()
                  .withNewRoleRef()
                  .withApiGroup("rbac.authorization.k8s.io")
                  .withKind("ClusterRole")
                  .withName("system:service-account-issuer-discovery")
                  .endRoleRef()
                  .withSubjects(
                      List.of(
                          new io.fabric8.kubernetes.api.model.rbac.SubjectBuilder()
                              .withApiGroup("rbac.authorization.k8s.io")
                              .withKind("Group")
                              .withName("system:unauthenticated")
                              .build()))
                  .build())
          .serverSideApply();
      return plane;
    } catch (IOException e) {
      container.stop();
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String apiServerUrl() {
    return url;
  }

  @Override
  public String issuerUrl() {
    return url;
  }

  @Override
  public String caCertificatePem() {
    String data = Config.fromKubeconfig(kubeconfig).getCaCertData();
    return new String(Base64.getDecoder().decode(data), java.nio.charset.StandardCharsets.UTF_8);
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
    return client.getKubernetesVersion().getGitVersion();
  }

  @Override
  public void close() {
    client.close();
    container.stop();
  }
}
