package dev.wimigrate.federation.azure;

import dev.wimigrate.azurekit.AzureConnection;
import dev.wimigrate.azurekit.AzureSettings;
import dev.wimigrate.federation.credentials.ArmFederatedCredentialStore;
import dev.wimigrate.federation.credentials.FederatedCredentialStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import javax.net.ssl.SSLContext;

/** The Azure SDK objects the service uses, built once from the configured settings. */
@ApplicationScoped
public class AzureClients {

  private final AzureConnection connection;

  @Inject
  public AzureClients(AzureConfig settings) {
    this((AzureSettings) settings);
  }

  public AzureClients(AzureSettings settings) {
    this.connection = new AzureConnection(settings, "wimigrate-federation-service");
  }

  public AzureConnection connection() {
    return connection;
  }

  /** TLS trusting the JDK's CAs plus the configured extra CA: for ARM, Entra and probes. */
  public SSLContext tls() {
    return connection.tls();
  }

  public AzureSettings settings() {
    return connection.settings();
  }

  @Produces
  @ApplicationScoped
  public FederatedCredentialStore federatedCredentialStore() {
    return new ArmFederatedCredentialStore(connection);
  }
}
