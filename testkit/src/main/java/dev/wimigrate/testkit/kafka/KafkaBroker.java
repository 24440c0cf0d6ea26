package dev.wimigrate.testkit.kafka;

import dev.wimigrate.testbed.kafka.KafkaBrokerMain;
import dev.wimigrate.testkit.process.ManagedProcess;
import dev.wimigrate.testkit.process.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real single-node KRaft Kafka broker in its own JVM, started from the Maven-resolved broker
 * jars.
 *
 * <p>Why a separate JVM rather than the in-process test kit: the broker drags in Scala and its own
 * Jackson/logging stack, which must not share a class path with the Quarkus application under test;
 * the demo needs the very same broker as a long-lived process; and a broker crash or GC pause stays
 * out of the test JVM. Start-up costs about two seconds either way.
 */
public final class KafkaBroker implements KafkaEndpoint {

  private static final String CLASSPATH_RESOURCE = "/META-INF/wimigrate/kafka-broker.classpath";

  private final ManagedProcess process;
  private final String bootstrapServers;
  private final Path dataDir;

  private KafkaBroker(ManagedProcess process, String bootstrapServers, Path dataDir) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
    this.dataDir = dataDir;
  }

  /** Starts a broker with its data in a fresh temporary directory. */
  public static KafkaBroker start() {
    try {
      return start(Files.createTempDirectory("wimigrate-kafka-"), Ports.freePort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a broker whose log lives in {@code dataDir} (kept across restarts, so a restarted broker
   * still has its topics) listening on {@code port}.
   */
  public static KafkaBroker start(Path dataDir, int port) {
    try {
      Files.createDirectories(dataDir);
      int controllerPort = Ports.freePort();
      Path config = dataDir.resolve("server.properties");
      Files.writeString(config, serverProperties(dataDir.resolve("log"), port, controllerPort));
      Path clusterIdFile = dataDir.resolve("cluster.id");
      if (!Files.exists(clusterIdFile)) {
        Files.writeString(clusterIdFile, newClusterId());
      }
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(
          List.of(
              "-Xms128m",
              "-Xmx512m",
              "-XX:+UseSerialGC",
              "-XX:TieredStopAtLevel=1",
              "-Djava.awt.headless=true",
              "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
              "-cp",
              brokerClasspath(),
              KafkaBrokerMain.class.getName(),
              config.toString(),
              Files.readString(clusterIdFile).trim()));
      ManagedProcess process =
          ManagedProcess.start("kafka-broker", command, Map.of(), dataDir.resolve("broker.log"));
      String bootstrap = "127.0.0.1:" + port;
      KafkaBroker broker = new KafkaBroker(process, bootstrap, dataDir);
      broker.awaitReady(Duration.ofSeconds(60));
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Path dataDir() {
    return dataDir;
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.close();
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Kafka broker exited during start-up:\n" + process.logTail(40));
      }
      Properties props = new Properties();
      props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
      props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
      try (Admin admin = Admin.create(props)) {
        admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
        return;
      } catch (Exception e) {
        last = e;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Kafka", e);
      }
    }
    process.close();
    throw new IllegalStateException(
        "Kafka broker not ready within " + timeout + ": " + last + "\n" + process.logTail(40));
  }

  static String serverProperties(Path logDir, int port, int controllerPort) {
    return String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "inter.broker.listener.name=PLAINTEXT",
            "log.dirs=" + logDir,
            "num.partitions=3",
            "auto.create.topics.enable=true",
            // single node: every internal topic must live with one replica or groups never form
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=3",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            "")
        + "\n";
  }

  /** Kafka cluster ids are 16 random bytes in unpadded base64url. */
  static String newClusterId() {
    while (true) {
      UUID uuid = UUID.randomUUID();
      ByteBuffer bytes = ByteBuffer.allocate(16);
      bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
      String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
      // URL-safe base64 may start with '-', which command-line parsers (kafka-storage's among
      // them) take for an option: one in 64 CI runs failed that way.
      if (Character.isLetterOrDigit(id.charAt(0))) {
        return id;
      }
    }
  }

  /** The broker's jars (written at build time) plus the kit itself, for {@link KafkaBrokerMain}. */
  static String brokerClasspath() {
    try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            CLASSPATH_RESOURCE + " missing: build the testkit module with Maven first");
      }
      String jars = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      String kit =
          Path.of(KafkaBrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toString();
      return kit + java.io.File.pathSeparator + jars;
    } catch (IOException | java.net.URISyntaxException e) {
      throw new IllegalStateException("cannot build the broker class path", e);
    }
  }
}
