package dev.wimigrate.federation.propagation;

import dev.wimigrate.events.common.ServiceAccountRef;
import java.util.Optional;

/** Short-lived service-account tokens for probing, from the workload's own cluster. */
public interface ServiceAccountTokens {

  /** A fresh token for {@code serviceAccount} with {@code audience}; empty when not possible. */
  Optional<String> issue(String clusterId, ServiceAccountRef serviceAccount, String audience);
}
