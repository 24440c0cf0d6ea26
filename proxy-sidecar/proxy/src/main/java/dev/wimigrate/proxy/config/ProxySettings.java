package dev.wimigrate.proxy.config;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Everything the proxy needs to answer IMDS token requests, validated at start-up.
 *
 * @param tenantId {@code AZURE_TENANT_ID}
 * @param defaultClientId {@code AZURE_CLIENT_ID}, used when a request names no identity
 * @param authorityHost {@code AZURE_AUTHORITY_HOST}, always ending with {@code /}
 * @param tokenFile {@code AZURE_FEDERATED_TOKEN_FILE}, the projected service-account token
 * @param imdsEndpoint the real IMDS, for forwarded non-token {@code /metadata} paths
 * @param identityMapping object / resource id to client id, provided by the migration
 * @param extraTrustedCas CA certificates trusted for HTTPS in addition to the system's ({@code
 *     WIMIGRATE_AUTHORITY_CA_FILE}); empty for the system trust store only
 */
public record ProxySettings(
    String tenantId,
    Optional<String> defaultClientId,
    URI authorityHost,
    Path tokenFile,
    URI imdsEndpoint,
    IdentityMapping identityMapping,
    List<X509Certificate> extraTrustedCas) {

  public ProxySettings {
    extraTrustedCas = List.copyOf(extraTrustedCas);
  }
}
