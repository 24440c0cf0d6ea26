package dev.wimigrate.federation.propagation;

import dev.wimigrate.events.common.ServiceAccountRef;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Probe tokens through the TokenRequest API of clusters the service has a kubeconfig for (the
 * kubeconfig's identity needs only {@code create} on {@code serviceaccounts/token}). Clusters
 * without one cannot be probed.
 */
public final class KubeconfigServiceAccountTokens implements ServiceAccountTokens, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(KubeconfigServiceAccountTokens.class);

  /** Probe tokens live ten minutes, the shortest TokenRequest allows. */
  private static final long EXPIRATION_SECONDS = 600;

  private final Map<String, Path> kubeconfigs;
  private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

  public KubeconfigServiceAccountTokens(Map<String, Path> kubeconfigsByCluster) {
    this.kubeconfigs = Map.copyOf(kubeconfigsByCluster);
  }

  @Override
  public Optional<String> issue(
      String clusterId, ServiceAccountRef serviceAccount, String audience) {
    Path kubeconfig = kubeconfigs.get(clusterId);
    if (kubeconfig == null) {
      return Optional.empty();
    }
    KubernetesClient kube = clients.computeIfAbsent(clusterId, id -> connect(kubeconfig));
    TokenRequest request =
        new TokenRequestBuilder()
            .withNewSpec()
            .withAudiences(audience)
            .withExpirationSeconds(EXPIRATION_SECONDS)
            .endSpec()
            .build();
    try {
      TokenRequest issued =
          kube.serviceAccounts()
              .inNamespace(serviceAccount.namespace())
              .withName(serviceAccount.name())
              .tokenRequest(request);
      return Optional.ofNullable(issued.getStatus()).map(s -> s.getToken());
    } catch (KubernetesClientException e) {
      LOG.infof(
          "no probe token for %s in %s (HTTP %d): waiting instead of probing",
          serviceAccount.subject(), clusterId, e.getCode());
      return Optional.empty();
    }
  }

  private static KubernetesClient connect(Path kubeconfig) {
    try {
      Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig, e);
    }
  }

  @Override
  public void close() {
    clients.values().forEach(KubernetesClient::close);
  }
}
