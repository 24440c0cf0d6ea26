package dev.wimigrate.federation;

import dev.wimigrate.azurekit.AzureCallMetrics;
import dev.wimigrate.azurekit.Retrier;
import dev.wimigrate.azurekit.RetrySettings;
import dev.wimigrate.federation.azure.AzureClients;
import dev.wimigrate.federation.credentials.FederatedCredentialStore;
import dev.wimigrate.federation.propagation.KubeconfigServiceAccountTokens;
import dev.wimigrate.federation.propagation.PropagationWaiter;
import dev.wimigrate.federation.propagation.TokenExchangeProbe;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** Wires the plain-Java core to configuration, Azure and metrics. */
@ApplicationScoped
public class FederationBeans {

  // @Singleton: the produced classes are final, so they get no client proxy
  @Produces
  @Singleton
  KubeconfigServiceAccountTokens probeTokens(FederationSettings settings) {
    Map<String, Path> kubeconfigs =
        settings.probeKubeconfigs().entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> Path.of(e.getValue())));
    return new KubeconfigServiceAccountTokens(kubeconfigs);
  }

  void closeProbeTokens(@Disposes KubeconfigServiceAccountTokens tokens) {
    tokens.close();
  }

  @Produces
  @Singleton
  FederationWorker worker(
      FederationSettings settings,
      AzureClients azure,
      FederatedCredentialStore store,
      KubeconfigServiceAccountTokens tokens,
      MeterRegistry metrics) {
    Clock clock = Clock.systemUTC();
    AzureCallMetrics calls = new AzureCallMetrics(metrics);
    Retrier retrier =
        Retrier.standard(RetrySettings.budget(settings.retry()), calls.retryCounter());
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(azure.tls())
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    TokenExchangeProbe probe =
        new TokenExchangeProbe(
            tokens, http, azure.settings().authorityHost(), azure.settings().tenantId());
    FederationSettings.Propagation p = settings.propagation();
    PropagationWaiter waiter =
        new PropagationWaiter(
            probe,
            clock,
            Retrier::sleep,
            p.maxWait(),
            p.firstPause(),
            p.maxPause(),
            p.unprobedWait());
    return new FederationWorker(
        new MeteredStore(store, calls), retrier, waiter, clock, settings.limit());
  }
}
