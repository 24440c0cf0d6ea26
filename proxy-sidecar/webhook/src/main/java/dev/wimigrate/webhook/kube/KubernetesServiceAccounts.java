package dev.wimigrate.webhook.kube;

import dev.wimigrate.webhook.mutation.ServiceAccountInfo;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.jboss.logging.Logger;

/**
 * Service accounts from the apiserver: from an informer's cache when enabled (as the reference
 * does), falling back to a direct GET when the cache does not have it yet (a service account
 * created a moment before its pods).
 */
public class KubernetesServiceAccounts implements ServiceAccounts, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(KubernetesServiceAccounts.class);

  private final KubernetesClient client;
  private final SharedIndexInformer<ServiceAccount> informer;

  private KubernetesServiceAccounts(
      KubernetesClient client, SharedIndexInformer<ServiceAccount> informer) {
    this.client = client;
    this.informer = informer;
  }

  /** Direct GETs only. */
  public static KubernetesServiceAccounts direct(KubernetesClient client) {
    return new KubernetesServiceAccounts(client, null);
  }

  /** With a cluster-wide informer, started in the background (see {@link #cacheSynced()}). */
  public static KubernetesServiceAccounts cached(KubernetesClient client) {
    SharedIndexInformer<ServiceAccount> informer =
        client.serviceAccounts().inAnyNamespace().runnableInformer(0);
    informer.start();
    return new KubernetesServiceAccounts(client, informer);
  }

  /** True once the informer has listed every service account (always true without one). */
  public boolean cacheSynced() {
    return informer == null || informer.hasSynced();
  }

  @Override
  public ServiceAccountLookup find(String namespace, String name) {
    if (informer != null) {
      ServiceAccount cached = informer.getStore().getByKey(namespace + "/" + name);
      if (cached != null) {
        return found(cached);
      }
    }
    try {
      ServiceAccount sa = client.serviceAccounts().inNamespace(namespace).withName(name).get();
      if (sa == null) {
        return new ServiceAccountLookup.Failed("serviceaccounts \"" + name + "\" not found");
      }
      return found(sa);
    } catch (KubernetesClientException e) {
      LOG.warnf("cannot read service account %s/%s: %s", namespace, name, e.getMessage());
      return new ServiceAccountLookup.Failed(
          "cannot read service account "
              + namespace
              + "/"
              + name
              + " from the apiserver (HTTP "
              + e.getCode()
              + "): "
              + (e.getStatus() != null && e.getStatus().getMessage() != null
                  ? e.getStatus().getMessage()
                  : e.getMessage()));
    }
  }

  private static ServiceAccountLookup found(ServiceAccount sa) {
    return new ServiceAccountLookup.Found(
        new ServiceAccountInfo(sa.getMetadata().getName(), sa.getMetadata().getAnnotations()));
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
  }
}
