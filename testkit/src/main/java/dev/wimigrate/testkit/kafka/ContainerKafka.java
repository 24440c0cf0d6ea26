package dev.wimigrate.testkit.kafka;

import org.testcontainers.kafka.KafkaContainer;

/** Testcontainers' Kafka, used instead of the local broker JVM where a Docker engine exists. */
final class ContainerKafka implements KafkaEndpoint {

  static final String IMAGE = "apache/kafka:4.1.1";

  private final KafkaContainer container;

  private ContainerKafka(KafkaContainer container) {
    this.container = container;
  }

  static ContainerKafka start() {
    KafkaContainer container = new KafkaContainer(IMAGE);
    container.start();
    return new ContainerKafka(container);
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public void close() {
    container.stop();
  }
}
