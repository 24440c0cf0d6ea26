package dev.wimigrate.identity;

import dev.wimigrate.azurekit.AzureCallMetrics;
import dev.wimigrate.azurekit.Retrier;
import dev.wimigrate.azurekit.RetrySettings;
import dev.wimigrate.identity.azure.AzureResources;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires the plain-Java worker to configuration, Azure and metrics. */
@ApplicationScoped
public class IdentityBeans {

  @Produces
  @Singleton
  IdentityWorker worker(IdentitySettings settings, AzureResources azure, MeterRegistry registry) {
    AzureCallMetrics metrics = new AzureCallMetrics(registry);
    IdentitySettings.ClusterOperations ops = settings.clusterOperations();
    return new IdentityWorker(
        azure,
        Retrier.standard(RetrySettings.budget(settings.retry()), metrics.retryCounter()),
        metrics,
        Retrier::sleep,
        Clock.systemUTC(),
        new IdentityWorker.OperationWait(ops.pollInterval(), ops.maxWait()));
  }
}
