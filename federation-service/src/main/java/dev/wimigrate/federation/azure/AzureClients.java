package dev.wimigrate.federation.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import dev.wimigrate.federation.credentials.ArmFederatedCredentialStore;
import dev.wimigrate.federation.credentials.FederatedCredentialStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The Azure SDK objects the service uses, built once from {@link AzureSettings}. */
@ApplicationScoped
public class AzureClients {

  private final AzureSettings settings;
  private final SSLContext tls;

  public AzureClients(AzureSettings settings) {
    this.settings = settings;
    this.tls = sslContext(settings.caFile().map(Path::of).orElse(null));
  }

  /** TLS trusting the JDK's CAs plus the configured extra CA: for ARM, Entra and probes. */
  public SSLContext tls() {
    return tls;
  }

  public AzureSettings settings() {
    return settings;
  }

  @Produces
  @ApplicationScoped
  public FederatedCredentialStore federatedCredentialStore() {
    HttpClient http =
        new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(tls))
            .connectionTimeout(settings.callTimeout())
            .responseTimeout(settings.callTimeout())
            .readTimeout(settings.callTimeout())
            .build();
    TokenCredential credential = credential(http);
    String arm = trimSlash(settings.armEndpoint());
    List<HttpPipelinePolicy> policies =
        List.of(
            new UserAgentPolicy("wimigrate-federation-service"),
            new RequestIdPolicy(),
            new BearerTokenAuthenticationPolicy(credential, armScope(arm)));
    HttpPipeline pipeline =
        new HttpPipelineBuilder()
            .httpClient(http)
            .policies(policies.toArray(HttpPipelinePolicy[]::new))
            .build();
    // public cloud's endpoints with ARM and Entra replaced: the SDK managers want the full set
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", arm + "/");
    endpoints.put("activeDirectoryEndpointUrl", settings.authorityHost());
    AzureEnvironment environment = new AzureEnvironment(endpoints);
    return new ArmFederatedCredentialStore(pipeline, environment, settings.tenantId());
  }

  private TokenCredential credential(HttpClient http) {
    if (settings.clientId().isPresent() && settings.clientSecret().isPresent()) {
      return new ClientSecretCredentialBuilder()
          .authorityHost(settings.authorityHost())
          .tenantId(settings.tenantId())
          .clientId(settings.clientId().get())
          .clientSecret(settings.clientSecret().get())
          .httpClient(http)
          .disableInstanceDiscovery()
          .build();
    }
    return new DefaultAzureCredentialBuilder()
        .authorityHost(settings.authorityHost())
        .tenantId(settings.tenantId())
        .httpClient(http)
        .build();
  }

  /** Public ARM's token audience is management.azure.com whatever host serves it. */
  static String armScope(String armEndpoint) {
    return "https://management.azure.com/.default";
  }

  static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  static SSLContext sslContext(Path extraCaPem) {
    try {
      TrustManagerFactory defaults =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      defaults.init((KeyStore) null);
      if (extraCaPem == null) {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, defaults.getTrustManagers(), null);
        return context;
      }
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      // the JDK's CAs stay trusted next to the extra one
      KeyStore system = KeyStore.getInstance(KeyStore.getDefaultType());
      Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
      if (Files.isRegularFile(cacerts)) {
        try (InputStream in = Files.newInputStream(cacerts)) {
          system.load(in, null);
        }
        for (String alias : java.util.Collections.list(system.aliases())) {
          trust.setCertificateEntry("jdk-" + alias, system.getCertificate(alias));
        }
      }
      int i = 0;
      try (InputStream in = Files.newInputStream(extraCaPem)) {
        for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          trust.setCertificateEntry("extra-" + i++, ca);
        }
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read CA file " + extraCaPem, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build TLS trust with " + extraCaPem, e);
    }
  }
}
