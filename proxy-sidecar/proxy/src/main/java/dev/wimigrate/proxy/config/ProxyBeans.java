package dev.wimigrate.proxy.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wimigrate.proxy.imds.ImdsForwarder;
import dev.wimigrate.proxy.imds.ProxyMetrics;
import dev.wimigrate.proxy.token.EntraTokenExchanger;
import dev.wimigrate.proxy.token.FederatedTokenFile;
import dev.wimigrate.proxy.token.TokenCache;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/** Wires the plain-Java domain to configuration, HTTP and metrics. */
public class ProxyBeans {

  private static final Logger LOG = Logger.getLogger(ProxyBeans.class);

  @Produces
  @Singleton
  @Startup
  ProxySettings settings() {
    try {
      ProxySettings settings =
          ProxySettingsLoader.load(
              key -> ConfigProvider.getConfig().getOptionalValue(key, String.class));
      LOG.infof(
          "IMDS proxy for tenant %s, default client id %s, authority %s, token file %s, %d identity"
              + " mapping entries, real IMDS %s, %d extra trusted CAs",
          settings.tenantId(),
          settings.defaultClientId().orElse("(none)"),
          settings.authorityHost(),
          settings.tokenFile(),
          settings.identityMapping().size(),
          settings.imdsEndpoint(),
          settings.extraTrustedCas().size());
      return settings;
    } catch (InvalidProxySettingsException e) {
      for (String problem : e.problems()) {
        LOG.errorf("cannot start the IMDS proxy: %s", problem);
      }
      throw e;
    }
  }

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @Singleton
  HttpClient httpClient(ProxySettings settings) {
    HttpClient.Builder builder = HttpClient.newBuilder();
    if (!settings.extraTrustedCas().isEmpty()) {
      builder.sslContext(TrustedCas.sslContext(settings.extraTrustedCas()));
    }
    return builder
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  @Produces
  @Singleton
  TokenCache tokenCache(
      ProxySettings settings,
      HttpClient http,
      Clock clock,
      ObjectMapper json,
      ProxyMetrics metrics) {
    EntraTokenExchanger entra =
        new EntraTokenExchanger(
            http,
            settings.authorityHost(),
            new FederatedTokenFile(settings.tokenFile()),
            clock,
            Duration.ofSeconds(30),
            json);
    return new TokenCache(metrics.timed(entra), clock, metrics.cacheObserver());
  }

  @Produces
  @Singleton
  ImdsForwarder forwarder(ProxySettings settings, HttpClient http) {
    return new ImdsForwarder(http, settings.imdsEndpoint(), Duration.ofSeconds(30));
  }
}
