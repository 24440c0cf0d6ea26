package dev.wimigrate.federation.testing;

import dev.wimigrate.federation.azure.AzureSettings;
import dev.wimigrate.testkit.azure.AzureEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Settings that point the service's Azure clients at an emulator, as the tests configure it. */
public record EmulatorAzureSettings(
    String armEndpoint,
    String authorityHost,
    String tenantId,
    Optional<String> clientId,
    Optional<String> clientSecret,
    Optional<String> caFile,
    Duration callTimeout)
    implements AzureSettings {

  public static final String CLIENT_ID = "federation-service-test";
  public static final String CLIENT_SECRET = "not-a-real-secret";

  /** For an emulator started with {@code registerClient(CLIENT_ID, CLIENT_SECRET)}. */
  public static EmulatorAzureSettings of(AzureEmulator azure) {
    return new EmulatorAzureSettings(
        azure.armUrl(),
        azure.authorityHost(),
        azure.tenantId(),
        Optional.of(CLIENT_ID),
        Optional.of(CLIENT_SECRET),
        Optional.of(caFile(azure).toString()),
        Duration.ofSeconds(5));
  }

  public static Path caFile(AzureEmulator azure) {
    try {
      Path file = Files.createTempFile("azure-emulator-ca", ".pem");
      Files.writeString(file, azure.caCertificatePem());
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
