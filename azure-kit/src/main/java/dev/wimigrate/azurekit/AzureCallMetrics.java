package dev.wimigrate.azurekit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;

/**
 * Prometheus metrics of Azure calls: {@code wimigrate_azure_calls_seconds{operation,status}} per
 * call ({@code status} = HTTP status of a failure, 0 for no answer, {@code ok} on success), {@code
 * wimigrate_azure_throttled_total{operation}} per 429 and {@code
 * wimigrate_azure_retries_total{operation,code}} per retry.
 */
public final class AzureCallMetrics {

  private final MeterRegistry metrics;

  public AzureCallMetrics(MeterRegistry metrics) {
    this.metrics = metrics;
  }

  /** Runs one Azure call, timing and counting it by operation and outcome. */
  public <T> T timed(String operation, Supplier<T> call) {
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

  /** Counts each retry the {@link Retrier} decides on. */
  public Retrier.RetryListener retryCounter() {
    return (operation, failure, attempt, delay) ->
        metrics
            .counter(
                "wimigrate_azure_retries_total", "operation", operation, "code", failure.code())
            .increment();
  }
}
