package dev.wimigrate.proxy.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the projected service-account token can be read. */
@Readiness
@ApplicationScoped
public class TokenFileHealthCheck implements HealthCheck {

  private final ProxySettings settings;

  @Inject
  public TokenFileHealthCheck(ProxySettings settings) {
    this.settings = settings;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("federated-token-file")
        .status(Files.isReadable(settings.tokenFile()))
        .withData("path", settings.tokenFile().toString())
        .build();
  }
}
