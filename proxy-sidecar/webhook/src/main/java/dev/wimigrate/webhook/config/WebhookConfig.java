package dev.wimigrate.webhook.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** The webhook's configuration ({@code wimigrate.webhook.*}; the azwi env names map onto it). */
@ConfigMapping(prefix = "wimigrate.webhook")
public interface WebhookConfig {

  /** {@code v1.6} (default) or {@code v1.5}: where the token volume is mounted. */
  @WithDefault("v1.6")
  String tokenLayout();

  /** Default tenant ({@code AZURE_TENANT_ID}); required. */
  Optional<String> tenantId();

  /** Cloud name ({@code AZURE_ENVIRONMENT}), which sets {@code AZURE_AUTHORITY_HOST}. */
  @WithDefault("AzurePublicCloud")
  String azureEnvironment();

  /** Audience of the projected token. */
  @WithDefault("api://AzureADTokenExchange")
  String audience();

  /**
   * The apiserver version that decides native sidecar placement; discovered from the apiserver when
   * absent.
   */
  Optional<String> kubernetesVersion();

  /** Cache service accounts with an informer (needs list/watch); direct GETs otherwise. */
  @WithDefault("true")
  boolean serviceAccountCache();

  Proxy proxy();

  Tls tls();

  /** The injected proxy sidecar and init container. */
  interface Proxy {
    /** {@code PROXY_IMAGE}. */
    @WithDefault("wimigrate/proxy:0.1.0")
    String image();

    /** {@code PROXY_INIT_IMAGE}. */
    @WithDefault("wimigrate/proxy-init:0.1.0")
    String initImage();

    /** {@code --log-level} of the proxy. */
    @WithDefault("info")
    String logLevel();

    /** UID the proxy runs as; the iptables rules let its own traffic through to IMDS. */
    @WithDefault("1501")
    long uid();

    /** The proxy binary in its image, run with {@code --probe} as postStart hook. */
    @WithDefault("/proxy")
    String probeCommand();
  }

  /** The serving certificate. */
  interface Tls {
    /** PEM certificate (chain) file; with {@link #keyFile()}. */
    Optional<String> certFile();

    /** PEM private key file (PKCS#8 or PKCS#1). */
    Optional<String> keyFile();

    /** Subject alternative names of the self-generated certificate (DNS names or IPs). */
    @WithDefault("localhost,127.0.0.1")
    List<String> selfSignedNames();
  }
}
