package dev.wimigrate.federation.propagation;

import dev.wimigrate.events.common.ServiceAccountRef;
import dev.wimigrate.federation.credentials.FederatedCredential;

/** Tries whether Entra already honours a federated credential. */
@FunctionalInterface
public interface PropagationProbe {

  ProbeResult probe(
      String clusterId,
      ServiceAccountRef serviceAccount,
      String identityClientId,
      FederatedCredential credential);
}
