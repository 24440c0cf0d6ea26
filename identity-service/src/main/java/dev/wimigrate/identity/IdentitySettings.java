package dev.wimigrate.identity;

import dev.wimigrate.azurekit.RetrySettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The identity service's own rules: retries and how long cluster operations are waited for. */
@ConfigMapping(prefix = "wimigrate.identity")
public interface IdentitySettings {

  RetrySettings retry();

  ClusterOperations clusterOperations();

  /** Commands carried out at the same time (for different identities or clusters). */
  @WithDefault("8")
  int concurrency();

  interface ClusterOperations {
    /** Pause between polls of a running operation, unless ARM's Retry-After asks for longer. */
    @WithDefault("10s")
    Duration pollInterval();

    /** AKS updates take minutes; past this the step fails retryable and is waited for again. */
    @WithDefault("30m")
    Duration maxWait();
  }
}
