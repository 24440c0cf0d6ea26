package dev.wimigrate.identity.testing;

import dev.wimigrate.azurekit.testing.EmulatorAzureSettings;
import dev.wimigrate.testkit.azure.AzureEmulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the Azure emulator for a {@code @QuarkusTest} and points the service at it (ARM, Entra,
 * CA, a client secret), with short retry and polling pauses so tests do not wait on production
 * defaults.
 */
public class AzureEmulatorTestResource implements QuarkusTestResourceLifecycleManager {

  private static AzureEmulator azure;

  public static AzureEmulator azure() {
    return azure;
  }

  @Override
  public Map<String, String> start() {
    azure =
        AzureEmulator.builder()
            .registerClient(EmulatorAzureSettings.CLIENT_ID, EmulatorAzureSettings.CLIENT_SECRET)
            .start();
    Map<String, String> config = new HashMap<>(EmulatorAzureSettings.config(azure));
    config.put("wimigrate.identity.retry.first-delay", "50ms");
    config.put("wimigrate.identity.cluster-operations.poll-interval", "100ms");
    config.put("wimigrate.identity.cluster-operations.max-wait", "1m");
    return config;
  }

  @Override
  public void stop() {
    if (azure != null) {
      azure.close();
    }
  }
}
