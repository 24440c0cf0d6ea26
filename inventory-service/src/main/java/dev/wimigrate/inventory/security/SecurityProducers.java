package dev.wimigrate.inventory.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Builds the API keys from configuration and checks the authentication settings at start, so a bad
 * key hash or an OIDC set-up without audience stops the service instead of weakening it.
 */
@ApplicationScoped
public class SecurityProducers {

  private static final Logger LOG = Logger.getLogger(SecurityProducers.class);

  @Produces
  @Singleton
  ApiKeys apiKeys(AuthConfig config) {
    List<ApiKeys.Configured> configured =
        config.apiKeys().entrySet().stream()
            .sorted(java.util.Map.Entry.comparingByKey())
            .map(
                e ->
                    new ApiKeys.Configured(e.getKey(), e.getValue().sha256(), e.getValue().roles()))
            .toList();
    return new ApiKeys(configured);
  }

  void checkAtStart(
      @Observes StartupEvent start,
      ApiKeys keys,
      @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "true") boolean oidc,
      @ConfigProperty(name = "quarkus.oidc.token.audience") Optional<List<String>> audience) {
    requireAudience(oidc, audience);
    LOG.infof(
        "REST authentication: %d API key(s), Entra ID bearer tokens %s",
        keys.size(),
        oidc ? "accepted for audience " + audience.orElseThrow() : "off (OIDC disabled)");
  }

  /** Without an expected audience, a token the tenant issued for any other application would do. */
  static void requireAudience(boolean oidcEnabled, Optional<List<String>> audience) {
    if (oidcEnabled && audience.map(List::isEmpty).orElse(true)) {
      throw new IllegalStateException(
          "quarkus.oidc.token.audience must be set when OIDC is enabled: without it, tokens the"
              + " tenant issued for any other application would be accepted");
    }
  }
}
