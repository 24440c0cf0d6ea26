package dev.wimigrate.federation.azure;

import dev.wimigrate.azurekit.AzureReachabilityProbe;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Says whether ARM and Entra answer at all ({@link AzureReachabilityProbe}). Served at {@code
 * /q/health/group/azure} and deliberately not part of readiness: a consumer that cannot reach Azure
 * keeps retrying, and restarting or un-readying the pod would not bring Azure back.
 */
@HealthGroup("azure")
@ApplicationScoped
public class AzureReachability implements HealthCheck {

  private final AzureReachabilityProbe probe;

  public AzureReachability(AzureClients azure) {
    this.probe = new AzureReachabilityProbe(azure.connection());
  }

  @Override
  public HealthCheckResponse call() {
    AzureReachabilityProbe.Reachability reachability = probe.check();
    HealthCheckResponseBuilder response = HealthCheckResponse.named("azure");
    reachability.data().forEach(response::withData);
    return response.status(reachability.reachable()).build();
  }
}
