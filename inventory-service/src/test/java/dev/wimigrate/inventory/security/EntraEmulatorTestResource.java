package dev.wimigrate.inventory.security;

import dev.wimigrate.testkit.azure.AzureEmulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Entra ID for a {@code @QuarkusTest} without Docker: the test kit's Azure emulator serves the
 * tenant's OpenID configuration and keys over HTTPS, and OIDC is pointed at it exactly as at {@code
 * https://login.microsoftonline.com/<tenant>/v2.0}, trusting the emulator's CA through a named TLS
 * configuration. Tests mint tokens with {@link #token}.
 */
public class EntraEmulatorTestResource implements QuarkusTestResourceLifecycleManager {

  /** The inventory API's application (client) id, the audience of its v2.0 access tokens. */
  public static final String AUDIENCE = "5f0e9a44-1c7b-4b7e-9d2a-6a0c3e1d2b11";

  /** The calling application, e.g. a CI pipeline's app registration. */
  public static final String CLIENT_ID = "0c6a7e39-2d1f-4f0b-8a55-3b9e7d1c4a22";

  private static AzureEmulator azure;
  private Path caFile;

  public static AzureEmulator azure() {
    return azure;
  }

  /** An access token for the inventory API with these claims (e.g. {@code roles}) on top. */
  public static String token(Map<String, ?> claims) {
    return azure.accessToken(AUDIENCE, CLIENT_ID, claims);
  }

  @Override
  public Map<String, String> start() {
    azure = AzureEmulator.builder().start();
    try {
      caFile = Files.createTempFile("entra-emulator-ca", ".pem");
      Files.writeString(caFile, azure.caCertificatePem(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.of(
        "quarkus.oidc.tenant-enabled",
        "true",
        "quarkus.oidc.auth-server-url",
        azure.authorityHost() + azure.tenantId() + "/v2.0",
        "quarkus.oidc.token.audience",
        AUDIENCE,
        "quarkus.oidc.tls.tls-configuration-name",
        "entra-emulator",
        "quarkus.tls.entra-emulator.trust-store.pem.certs",
        caFile.toString());
  }

  @Override
  public void stop() {
    if (azure != null) {
      azure.close();
    }
    if (caFile != null) {
      try {
        Files.deleteIfExists(caFile);
      } catch (IOException e) {
        // a temp file; the OS cleans it up
      }
    }
  }
}
