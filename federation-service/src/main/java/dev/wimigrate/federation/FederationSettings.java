package dev.wimigrate.federation;

import dev.wimigrate.azurekit.RetrySettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** The federation service's own rules: budget, retries, propagation. */
@ConfigMapping(prefix = "wimigrate.federation")
public interface FederationSettings {

  /** Federated credentials allowed per identity (Azure's limit is 20). */
  @WithDefault("20")
  int limit();

  RetrySettings retry();

  Propagation propagation();

  /** Kubeconfig files by cluster id, for probing propagation with a real token exchange. */
  Map<String, String> probeKubeconfigs();

  interface Propagation {
    /** Give up (retryable) when Entra still does not honour the credential after this. */
    @WithDefault("5m")
    Duration maxWait();

    @WithDefault("2s")
    Duration firstPause();

    @WithDefault("15s")
    Duration maxPause();

    /** Without a probe: wait this long, Azure's usual propagation window. */
    @WithDefault("60s")
    Duration unprobedWait();
  }
}
