package dev.wimigrate.azurekit;

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
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What every Azure SDK manager of a service is built from: TLS trusting the configured CA, the
 * credential (client secret when configured, else DefaultAzureCredential), an HTTP pipeline with
 * bearer authentication and <em>no</em> retry policy ({@link Retrier} decides, so retries are
 * counted and bounded in one place), and the Azure environment with ARM and Entra replaced.
 */
public final class AzureConnection {

  /** Public ARM's token audience, whatever host serves ARM (the emulator accepts it too). */
  public static final String ARM_SCOPE = "https://management.azure.com/.default";

  private final AzureSettings settings;
  private final SSLContext tls;
  private final HttpClient http;
  private final HttpPipeline pipeline;
  private final AzureEnvironment environment;

  public AzureConnection(AzureSettings settings, String userAgent) {
    this.settings = settings;
    this.tls = sslContext(settings.caFile().map(Path::of).orElse(null));
    this.http =
        new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(tls))
            .connectionTimeout(settings.callTimeout())
            .responseTimeout(settings.callTimeout())
            .readTimeout(settings.callTimeout())
            .build();
    TokenCredential credential = credential(settings, http);
    List<HttpPipelinePolicy> policies =
        List.of(
            new UserAgentPolicy(userAgent),
            new RequestIdPolicy(),
            new BearerTokenAuthenticationPolicy(credential, ARM_SCOPE));
    this.pipeline =
        new HttpPipelineBuilder()
            .httpClient(http)
            .policies(policies.toArray(HttpPipelinePolicy[]::new))
            .build();
    // public cloud's endpoints with ARM and Entra replaced: the SDK managers want the full set
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", armEndpoint() + "/");
    endpoints.put("activeDirectoryEndpointUrl", settings.authorityHost());
    this.environment = new AzureEnvironment(endpoints);
  }

  public AzureSettings settings() {
    return settings;
  }

  /** TLS trusting the JDK's CAs plus the configured extra CA: for ARM, Entra and probes. */
  public SSLContext tls() {
    return tls;
  }

  /**
   * Authenticated, without retries; hand it to a resource manager, e.g. {@code
   * MsiManager.authenticate(pipeline, …)}.
   */
  public HttpPipeline pipeline() {
    return pipeline;
  }

  public AzureEnvironment environment() {
    return environment;
  }

  /** The profile for one subscription of the configured tenant. */
  public AzureProfile profile(String subscriptionId) {
    return new AzureProfile(settings.tenantId(), subscriptionId, environment);
  }

  /** ARM's base URL without a trailing slash. */
  public String armEndpoint() {
    return trimSlash(settings.armEndpoint());
  }

  /** Entra's base URL without a trailing slash. */
  public String authorityEndpoint() {
    return trimSlash(settings.authorityHost());
  }

  private static TokenCredential credential(AzureSettings settings, HttpClient http) {
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

  static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** TLS trusting the JDK's CAs and, when given, the CAs of a PEM file. */
  public static SSLContext sslContext(Path extraCaPem) {
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
        for (String alias : Collections.list(system.aliases())) {
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
