package dev.wimigrate.identity.azure;

import dev.wimigrate.azurekit.AzureConnection;
import dev.wimigrate.azurekit.AzureReachabilityProbe;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Produces the service's Azure objects from {@code wimigrate.azure.*}: the connection (pipeline,
 * credential, TLS), the ARM resources the worker uses, and the {@code azure} health group check
 * (ARM and Entra reachable at all; not part of readiness, as restarting would not bring Azure
 * back).
 */
@ApplicationScoped
public class AzureClients {

  @Produces
  @Singleton
  AzureConnection connection(AzureConfig settings) {
    return new AzureConnection(settings, "wimigrate-identity-service");
  }

  @Produces
  @Singleton
  AzureResources resources(AzureConnection connection) {
    return new ArmResources(connection);
  }

  @Produces
  @Singleton
  @HealthGroup("azure")
  HealthCheck reachability(AzureConnection connection) {
    AzureReachabilityProbe probe = new AzureReachabilityProbe(connection);
    return () -> {
      AzureReachabilityProbe.Reachability reachable = probe.check();
      var response = HealthCheckResponse.named("azure").status(reachable.reachable());
      reachable.data().forEach(response::withData);
      return response.build();
    };
  }
}
