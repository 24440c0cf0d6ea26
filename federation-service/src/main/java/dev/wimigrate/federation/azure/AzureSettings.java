package dev.wimigrate.federation.azure;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Where Azure is and how to sign in. Production leaves the credential settings empty and gets
 * DefaultAzureCredential (Workload ID of the service's own pod); the demo and tests point it at the
 * Azure emulator with a client secret and the emulator's CA.
 */
@ConfigMapping(prefix = "wimigrate.azure")
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
  java.time.Duration callTimeout();
}
