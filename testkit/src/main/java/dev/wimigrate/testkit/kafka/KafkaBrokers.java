package dev.wimigrate.testkit.kafka;

import dev.wimigrate.testkit.process.Docker;

/**
 * The broker a test JVM shares: one per JVM, started on first use and stopped when the JVM exits.
 *
 * <p>Choice, in order: {@code WIMIGRATE_KAFKA_BOOTSTRAP} (an existing broker), Testcontainers'
 * Kafka where a Docker engine answers, otherwise a local broker JVM ({@link KafkaBroker}).
 */
public final class KafkaBrokers {

  private static KafkaEndpoint shared;

  private KafkaBrokers() {}

  public static synchronized KafkaEndpoint shared() {
    if (shared == null) {
      shared = startNew();
      KafkaEndpoint started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-shared-kafka"));
    }
    return shared;
  }

  /** A broker of its own, for tests that restart or break it. */
  public static KafkaEndpoint startNew() {
    String existing = System.getenv("WIMIGRATE_KAFKA_BOOTSTRAP");
    if (existing != null && !existing.isBlank()) {
      return new ExternalKafka(existing);
    }
    if (Docker.available()) {
      return ContainerKafka.start();
    }
    return KafkaBroker.start();
  }

  private record ExternalKafka(String bootstrapServers) implements KafkaEndpoint {
    @Override
    public void close() {
      // not ours to stop
    }
  }
}
