package dev.wimigrate.webhook.config;

import dev.wimigrate.webhook.kube.KubernetesServiceAccounts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the service-account informer has its first full list. */
@Readiness
@ApplicationScoped
public class ServiceAccountCacheReadiness implements HealthCheck {

  private final KubernetesServiceAccounts serviceAccounts;

  @Inject
  public ServiceAccountCacheReadiness(KubernetesServiceAccounts serviceAccounts) {
    this.serviceAccounts = serviceAccounts;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("service-account-cache")
        .status(serviceAccounts.cacheSynced())
        .build();
  }
}
