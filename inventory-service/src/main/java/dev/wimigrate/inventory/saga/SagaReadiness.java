package dev.wimigrate.inventory.saga;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN until the orchestrator has loaded its state and resumed what was running. */
@Readiness
@ApplicationScoped
public class SagaReadiness implements HealthCheck {

  private final SagaEngine engine;

  public SagaReadiness(SagaEngine engine) {
    this.engine = engine;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("migration-saga").status(engine.ready()).build();
  }
}
