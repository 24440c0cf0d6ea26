package dev.wimigrate.federation.testing;

import dev.wimigrate.azurekit.testing.EmulatorAzureSettings;
import dev.wimigrate.testkit.azure.AzureEmulator;
import dev.wimigrate.testkit.kube.ControlPlane;
import dev.wimigrate.testkit.kube.ControlPlanes;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the Azure emulator for a {@code @QuarkusTest}, trusting the shared control plane's issuer,
 * and points the service at it: ARM, Entra, CA, and the control plane's kubeconfig for probes.
 */
public class AzureEmulatorTestResource implements QuarkusTestResourceLifecycleManager {

  public static final Duration PROPAGATION = Duration.ofSeconds(2);

  private static AzureEmulator azure;
  private static ControlPlane plane;

  public static AzureEmulator azure() {
    return azure;
  }

  public static ControlPlane plane() {
    return plane;
  }

  @Override
  public Map<String, String> start() {
    plane = ControlPlanes.shared();
    azure =
        AzureEmulator.builder()
            .trustIssuerCa(plane.caCertificatePem())
            .registerClient(EmulatorAzureSettings.CLIENT_ID, EmulatorAzureSettings.CLIENT_SECRET)
            .ficPropagationDelay(PROPAGATION)
            .start();
    Map<String, String> config = new HashMap<>(EmulatorAzureSettings.config(azure));
    config.put(
        "wimigrate.federation.probe-kubeconfigs.\"" + plane.name() + "\"",
        plane.adminKubeconfigFile().toString());
    config.put("wimigrate.federation.propagation.first-pause", "200ms");
    config.put("wimigrate.federation.propagation.max-pause", "1s");
    config.put("wimigrate.federation.propagation.max-wait", "30s");
    config.put("wimigrate.federation.retry.first-delay", "50ms");
    // commands for clusters without a kubeconfig wait this fixed window instead of probing
    config.put("wimigrate.federation.propagation.unprobed-wait", "1s");
    return config;
  }

  @Override
  public void stop() {
    if (azure != null) {
      azure.close();
    }
  }
}
