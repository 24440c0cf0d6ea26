package dev.wimigrate.testbed.kafka;

import java.io.IOException;
import java.io.InputStream;

/**
 * Entry point of the broker JVM. It formats the log directory (first start only) and runs {@code
 * kafka.Kafka}; a watcher thread exits the JVM as soon as standard input closes, which happens when
 * the parent test JVM dies for any reason, so a killed build never leaves a broker behind.
 *
 * <p>Arguments: {@code <server.properties> <cluster-id>}.
 */
public final class KafkaBrokerMain {

  private KafkaBrokerMain() {}

  public static void main(String[] args) throws Exception {
    String properties = args[0];
    String clusterId = args[1];
    Thread watcher = new Thread(KafkaBrokerMain::exitWhenParentGoes, "parent-watcher");
    watcher.setDaemon(true);
    watcher.start();

    int formatted =
        kafka.tools.StorageTool.execute(
            new String[] {
              "format", "--cluster-id=" + clusterId, "--config=" + properties, "--ignore-formatted"
            },
            System.out);
    if (formatted != 0) {
      System.err.println("kafka storage format failed with exit code " + formatted);
      System.exit(formatted);
    }
    kafka.Kafka.main(new String[] {properties});
  }

  private static void exitWhenParentGoes() {
    try (InputStream in = System.in) {
      while (in.read() != -1) {
        // the parent never writes; EOF means it is gone
      }
    } catch (IOException ignored) {
      // a broken pipe means the same
    }
    Runtime.getRuntime().halt(0);
  }
}
