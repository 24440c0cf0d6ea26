package dev.wimigrate.federation;

import dev.wimigrate.federation.credentials.AzureCallException;
import dev.wimigrate.federation.credentials.FederatedCredential;
import dev.wimigrate.federation.credentials.FederatedCredentialStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.function.Supplier;

/** Counts and times every Azure call by operation and outcome (status, throttled). */
final class MeteredStore implements FederatedCredentialStore {

  private final FederatedCredentialStore store;
  private final MeterRegistry metrics;

  MeteredStore(FederatedCredentialStore store, MeterRegistry metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  @Override
  public List<FederatedCredential> list(String identityResourceId) {
    return timed("listFederatedCredentials", () -> store.list(identityResourceId));
  }

  @Override
  public FederatedCredential put(String identityResourceId, FederatedCredential credential) {
    return timed("putFederatedCredential", () -> store.put(identityResourceId, credential));
  }

  @Override
  public boolean delete(String identityResourceId, String name) {
    return timed("deleteFederatedCredential", () -> store.delete(identityResourceId, name));
  }

  @Override
  public String clientIdOf(String identityResourceId) {
    return timed("getIdentity", () -> store.clientIdOf(identityResourceId));
  }

  private <T> T timed(String operation, Supplier<T> call) {
    Timer.Sample sample = Timer.start(metrics);
    String status = "ok";
    try {
      return call.get();
    } catch (AzureCallException e) {
      status = Integer.toString(e.status());
      if (e.status() == 429) {
        metrics.counter("wimigrate_azure_throttled_total", "operation", operation).increment();
      }
      throw e;
    } finally {
      sample.stop(metrics.timer("wimigrate_azure_calls", "operation", operation, "status", status));
    }
  }
}
