package dev.wimigrate.testkit.kafka;

/** A Kafka broker the tests or the demo talk to, whoever started it. */
public interface KafkaEndpoint extends AutoCloseable {

  String bootstrapServers();

  @Override
  void close();
}
