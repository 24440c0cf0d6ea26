package dev.wimigrate.azurekit;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Where Azure is and how to sign in. Production leaves the credential settings empty and gets
 * DefaultAzureCredential (Workload ID of the service's own pod); the demo and tests point it at the
 * Azure emulator with a client secret and the emulator's CA. A service maps it from its
 * configuration with {@code @ConfigMapping(prefix = "wimigrate.azure") interface X extends
 * AzureSettings {}}; tests build one with {@link #of}.
 */
public interface AzureSettings {

  @WithDefault("https://management.azure.com")
  String armEndpoint();

  @WithDefault("https://login.microsoftonline.com/")
  String authorityHost();

  String tenantId();

  /** With {@link #clientSecret()}: sign in as this app instead of DefaultAzureCredential. */
  Optional<String> clientId();

  Optional<String> clientSecret();

  /** A PEM file of extra CAs to trust (the emulator's); empty: the JDK's trust store only. */
  Optional<String> caFile();

  /** Per-call timeout. */
  @WithDefault("30s")
  Duration callTimeout();

  /** Settings as values, e.g. for an emulator in a test. */
  record Fixed(
      String armEndpoint,
      String authorityHost,
      String tenantId,
      Optional<String> clientId,
      Optional<String> clientSecret,
      Optional<String> caFile,
      Duration callTimeout)
      implements AzureSettings {

    @Override
    public String toString() {
      // the secret stays out of logs and failure messages
      return "AzureSettings[arm="
          + armEndpoint
          + ", authority="
          + authorityHost
          + ", tenant="
          + tenantId
          + ", clientId="
          + clientId.orElse("(DefaultAzureCredential)")
          + "]";
    }
  }
}
