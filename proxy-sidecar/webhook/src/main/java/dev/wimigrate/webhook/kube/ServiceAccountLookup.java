package dev.wimigrate.webhook.kube;

import dev.wimigrate.webhook.mutation.ServiceAccountInfo;

/** The outcome of looking up a pod's service account. */
public sealed interface ServiceAccountLookup {

  record Found(ServiceAccountInfo serviceAccount) implements ServiceAccountLookup {}

  /**
   * Not found, or the apiserver could not be asked.
   *
   * @param message the denial reason, e.g. {@code serviceaccounts "sa" not found}
   */
  record Failed(String message) implements ServiceAccountLookup {}
}
