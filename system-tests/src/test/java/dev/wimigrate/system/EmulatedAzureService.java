package dev.wimigrate.system;

import dev.wimigrate.testkit.azure.AzureEmulator;
import dev.wimigrate.testkit.services.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A packaged Azure-facing service pointed at an emulator, as its restart tests start it. */
final class EmulatedAzureService {

  static final String CLIENT_ID = "system-test-service";
  static final String CLIENT_SECRET = "not-a-real-secret";

  private EmulatedAzureService() {}

  /** The emulator must have {@code registerClient(CLIENT_ID, CLIENT_SECRET)}. */
  static ServiceProcess.Builder of(
      String module, String commandChannel, AzureEmulator azure, String bootstrap) {
    return ServiceProcess.of(module)
        .env("KAFKA_BOOTSTRAP_SERVERS", bootstrap)
        .config("wimigrate.azure.arm-endpoint", azure.armUrl())
        .config("wimigrate.azure.authority-host", azure.authorityHost())
        .config("wimigrate.azure.tenant-id", azure.tenantId())
        .config("wimigrate.azure.client-id", CLIENT_ID)
        .config("wimigrate.azure.client-secret", CLIENT_SECRET)
        .config("wimigrate.azure.ca-file", caFile(azure).toString())
        // a killed member's partitions move to the new one after this, not after 45 s
        .config("mp.messaging.incoming." + commandChannel + ".session.timeout.ms", "6000");
  }

  private static Path caFile(AzureEmulator azure) {
    try {
      Path ca = Files.createTempFile("azure-emulator-ca", ".pem");
      Files.writeString(ca, azure.caCertificatePem());
      return ca;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
