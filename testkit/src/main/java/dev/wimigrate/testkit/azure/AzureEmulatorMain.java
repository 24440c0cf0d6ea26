package dev.wimigrate.testkit.azure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the Azure emulator on its own, e.g. for the demo:
 *
 * <pre>
 * java -cp … dev.wimigrate.testkit.azure.AzureEmulatorMain \
 *   [--port=N] [--tenant=GUID] [--subscription=GUID] [--trust-ca=FILE]… \
 *   [--propagation-delay=PT5S] [--fic-write-hold=PT0.2S] [--client=ID:SECRET]…
 * </pre>
 *
 * It prints the ARM URL, authority host, tenant, subscription and the path of the CA certificate,
 * then serves until the process is stopped.
 */
public final class AzureEmulatorMain {

  private AzureEmulatorMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    AzureEmulator.Builder builder = AzureEmulator.builder();
    String clientId = null;
    String secret = null;
    boolean generated = false;
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
      } else if (arg.startsWith("--client=") && value.contains(":")) {
        clientId = value.substring(0, value.indexOf(':'));
        secret = value.substring(value.indexOf(':') + 1);
        builder.registerClient(clientId, secret);
      } else {
        System.err.println("unknown argument: " + arg);
        System.exit(2);
      }
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
    System.out.println("CA_FILE=" + ca);
    System.out.println("ARM_CLIENT_ID=" + clientId);
    if (generated) {
      // a throw-away secret of this local emulator, printed so the demo can get ARM tokens
      System.out.println("ARM_CLIENT_SECRET=" + secret);
    }
    System.out.flush();
    stop.await();
  }
}
