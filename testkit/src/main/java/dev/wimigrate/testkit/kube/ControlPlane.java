package dev.wimigrate.testkit.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/**
 * A real Kubernetes control plane for tests and the demo: the local binaries ({@link
 * LocalControlPlane}) or k3s in a container where a Docker engine exists.
 */
public interface ControlPlane extends AutoCloseable {

  /** The simulated cluster's name, also its wimigrate cluster id. */
  String name();

  /** https URL of the kube-apiserver. */
  String apiServerUrl();

  /**
   * The service-account issuer: the apiserver serves {@code /.well-known/openid-configuration} and
   * the JWKS under it, readable anonymously, as AKS' OIDC issuer is.
   */
  String issuerUrl();

  /** PEM of the CA that signed the apiserver's serving certificate. */
  String caCertificatePem();

  /** A kubeconfig (cluster-admin) as YAML. */
  String adminKubeconfig();

  /** The same kubeconfig written to a file, for processes the tests start. */
  Path adminKubeconfigFile();

  /** A cluster-admin client; shared, do not close. */
  KubernetesClient client();

  /** The apiserver's version, e.g. {@code v1.34.4}. */
  String kubernetesVersion();

  @Override
  void close();
}
