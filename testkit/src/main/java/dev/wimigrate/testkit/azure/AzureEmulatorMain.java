package dev.wimigrate.testkit.azure;

import dev.wimigrate.testkit.azure.rules.ArmThrottling;
import dev.wimigrate.testkit.azure.rules.FaultInjection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the Azure emulator on its own, for the demo or to point {@code az}, an Azure SDK or the
 * services at it by hand ({@code ./mvnw -q -pl testkit exec:java}, see {@code
 * docs/azure-emulator.md}):
 *
 * <pre>
 * java -cp … dev.wimigrate.testkit.azure.AzureEmulatorMain \
 *   [--port=N] [--tenant=GUID] [--subscription=GUID] [--trust-ca=FILE]… \
 *   [--propagation-delay=PT5S] [--fic-write-hold=PT0.2S] [--fic-limit=20] [--client=ID:SECRET]… \
 *   [--throttling=azure|off|strict] [--fault-rate=0.05] [--fault-kinds=INTERNAL_ERROR,…] \
 *   [--fault-seed=N] [--principal-replication-delay=PT10S]
 * </pre>
 *
 * It prints the ARM URL, authority host, tenant, subscription, admin URL and the path of the CA
 * certificate as {@code NAME=value} lines, then serves until the process is stopped.
 */
public final class AzureEmulatorMain {

  private AzureEmulatorMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    AzureEmulator.Builder builder = AzureEmulator.builder();
    String clientId = null;
    String secret = null;
    boolean generated = false;
    double faultRate = 0;
    long faultSeed = 1;
    List<FaultInjection.Kind> faultKinds =
        new ArrayList<>(
            List.of(
                FaultInjection.Kind.INTERNAL_ERROR,
                FaultInjection.Kind.SERVICE_UNAVAILABLE,
                FaultInjection.Kind.GATEWAY_TIMEOUT));
    for (String arg : args) {
      String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
      if (arg.startsWith("--port=")) {
        builder.port(Integer.parseInt(value));
      } else if (arg.startsWith("--tenant=")) {
        builder.tenantId(value);
      } else if (arg.startsWith("--subscription=")) {
        builder.subscriptionId(value);
      } else if (arg.startsWith("--trust-ca=")) {
        builder.trustIssuerCa(Files.readString(Path.of(value)));
      } else if (arg.startsWith("--propagation-delay=")) {
        builder.ficPropagationDelay(Duration.parse(value));
      } else if (arg.startsWith("--fic-write-hold=")) {
        builder.ficWriteHold(Duration.parse(value));
      } else if (arg.startsWith("--fic-limit=")) {
        builder.ficLimit(Integer.parseInt(value));
      } else if (arg.startsWith("--client=") && value.contains(":")) {
        clientId = value.substring(0, value.indexOf(':'));
        secret = value.substring(value.indexOf(':') + 1);
        builder.registerClient(clientId, secret);
      } else if (arg.startsWith("--throttling=")) {
        builder.throttling(throttling(value));
      } else if (arg.startsWith("--fault-rate=")) {
        faultRate = Double.parseDouble(value);
      } else if (arg.startsWith("--fault-seed=")) {
        faultSeed = Long.parseLong(value);
      } else if (arg.startsWith("--fault-kinds=")) {
        faultKinds.clear();
        for (String kind : value.split(",")) {
          faultKinds.add(FaultInjection.Kind.valueOf(kind.trim().toUpperCase(Locale.ROOT)));
        }
      } else if (arg.startsWith("--principal-replication-delay=")) {
        Duration delay = Duration.parse(value);
        builder.rules(r -> r.withPrincipalReplicationDelay(delay));
      } else {
        System.err.println("unknown argument: " + arg);
        System.exit(2);
      }
    }
    if (faultRate > 0) {
      builder.faults(
          FaultInjection.of(faultRate, faultSeed, faultKinds.toArray(FaultInjection.Kind[]::new)));
    }
    if (clientId == null) {
      clientId = UUID.randomUUID().toString();
      secret = UUID.randomUUID().toString();
      builder.registerClient(clientId, secret);
      generated = true;
    }
    AzureEmulator emulator = builder.start();
    Path ca = Files.createTempFile("azure-emulator-ca-", ".pem");
    Files.writeString(ca, emulator.caCertificatePem());
    ca.toFile().deleteOnExit();
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  emulator.close();
                  stop.countDown();
                },
                "azure-emulator-stop"));
    System.out.println("ARM_URL=" + emulator.armUrl());
    System.out.println("AZURE_AUTHORITY_HOST=" + emulator.authorityHost());
    System.out.println("AZURE_TENANT_ID=" + emulator.tenantId());
    System.out.println("AZURE_SUBSCRIPTION_ID=" + emulator.subscriptionId());
    System.out.println("ADMIN_URL=" + emulator.adminUrl());
    System.out.println("CA_FILE=" + ca);
    System.out.println("ARM_CLIENT_ID=" + clientId);
    if (generated) {
      // a throw-away secret of this local emulator, printed so the demo can get ARM tokens
      System.out.println("ARM_CLIENT_SECRET=" + secret);
    }
    System.out.flush();
    stop.await();
  }

  /** {@code azure} (ARM's documented buckets), {@code off}, or {@code strict} (+ the MI RP). */
  static ArmThrottling throttling(String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "off":
        return ArmThrottling.off();
      case "strict":
        return ArmThrottling.azure()
            .withManagedIdentityProvider(ArmThrottling.ProviderLimits.managedIdentity());
      case "azure":
        return ArmThrottling.azure();
      default:
        throw new IllegalArgumentException("--throttling must be azure, off or strict: " + value);
    }
  }
}
