package dev.wimigrate.webhook.admission;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * The webhook's Prometheus metrics: {@code wimigrate_webhook_admissions_total{result}} and {@code
 * wimigrate_webhook_admission_seconds{result}} (a histogram), where result is {@code mutated},
 * {@code unchanged}, {@code denied}, {@code error} or {@code malformed}.
 */
@ApplicationScoped
public class WebhookMetrics {

  public static final String ADMISSIONS = "wimigrate.webhook.admissions";
  public static final String LATENCY = "wimigrate.webhook.admission";
  public static final String MALFORMED = "malformed";

  private final MeterRegistry registry;

  @Inject
  public WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(String result, Duration elapsed) {
    Counter.builder(ADMISSIONS)
        .description("Admission requests answered, by result")
        .tag("result", result)
        .register(registry)
        .increment();
    Timer.builder(LATENCY)
        .description("Time to answer an admission request, service account lookup included")
        .tag("result", result)
        .publishPercentileHistogram()
        .register(registry)
        .record(elapsed);
  }
}
