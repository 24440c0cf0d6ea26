package dev.wimigrate.webhook.kube;

/** The webhook's only read of cluster state: a pod's service account. */
public interface ServiceAccounts {

  ServiceAccountLookup find(String namespace, String name);
}
