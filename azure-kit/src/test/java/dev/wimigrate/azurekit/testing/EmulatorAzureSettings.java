package dev.wimigrate.azurekit.testing;

import dev.wimigrate.azurekit.AzureSettings;
import dev.wimigrate.testkit.azure.AzureEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Settings that point a service's Azure clients at an emulator, as the services' tests do. */
public final class EmulatorAzureSettings {

  /** The app the services sign in as; register it with {@code registerClient(ID, SECRET)}. */
  public static final String CLIENT_ID = "wimigrate-service-test";

  public static final String CLIENT_SECRET = "not-a-real-secret";

  private EmulatorAzureSettings() {}

  /** For an emulator started with {@code registerClient(CLIENT_ID, CLIENT_SECRET)}. */
  public static AzureSettings of(AzureEmulator azure) {
    return new AzureSettings.Fixed(
        azure.armUrl(),
        azure.authorityHost(),
        azure.tenantId(),
        Optional.of(CLIENT_ID),
        Optional.of(CLIENT_SECRET),
        Optional.of(caFile(azure).toString()),
        Duration.ofSeconds(5));
  }

  /** The same as {@code wimigrate.azure.*} configuration, for a {@code @QuarkusTest}. */
  public static Map<String, String> config(AzureEmulator azure) {
    AzureSettings settings = of(azure);
    Map<String, String> config = new HashMap<>();
    config.put("wimigrate.azure.arm-endpoint", settings.armEndpoint());
    config.put("wimigrate.azure.authority-host", settings.authorityHost());
    config.put("wimigrate.azure.tenant-id", settings.tenantId());
    config.put("wimigrate.azure.client-id", CLIENT_ID);
    config.put("wimigrate.azure.client-secret", CLIENT_SECRET);
    config.put("wimigrate.azure.ca-file", settings.caFile().orElseThrow());
    return config;
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
