package dev.wimigrate.testkit.kafka;

import dev.wimigrate.events.CloudEventHeaders;
import dev.wimigrate.events.EventCodec;
import dev.wimigrate.events.EventType;
import dev.wimigrate.events.Topics;
import dev.wimigrate.events.common.Event;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays the other services in tests: sends CloudEvents (well-formed or deliberately broken) and
 * reads what a service dead-lettered.
 */
public final class EventTestClient implements AutoCloseable {

  public static final String TEST_SOURCE = "/wimigrate/test";

  private final String bootstrap;
  private final KafkaProducer<String, byte[]> producer;
  private final EventCodec codec = new EventCodec();

  public EventTestClient(String bootstrapServers) {
    this.bootstrap = bootstrapServers;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  /** Sends a valid event to the topic its type is registered for. */
  public void send(Event event) {
    send(
        EventType.of(event).topic(),
        event.partitionKey(),
        EventType.of(event).type(),
        codec.encode(event));
  }

  /** Sends a record with CloudEvents headers for {@code ceType} and any body, valid or not. */
  public void send(String topic, String key, String ceType, String body) {
    send(topic, key, ceType, body.getBytes(StandardCharsets.UTF_8));
  }

  public void send(String topic, String key, String ceType, byte[] body) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, body);
    new CloudEventHeaders(UUID.randomUUID().toString(), ceType, TEST_SOURCE, key, Instant.now())
        .toMap()
        .forEach((name, value) -> record.headers().add(name, value));
    try {
      producer.send(record).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot send to " + topic, e.getCause());
    }
  }

  /**
   * Reads {@code topic}'s dead-letter topic until {@code expected} records whose key starts with
   * {@code keyPrefix} arrived (or 60 s passed); returns key → {@code dead-letter-reason}.
   */
  public Map<String, String> deadLetterReasons(String topic, String keyPrefix, int expected) {
    Map<String, String> reasons = new TreeMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "dlq-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.dlq(topic)));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (reasons.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
          if (r.key() != null && r.key().startsWith(keyPrefix)) {
            Header reason = r.headers().lastHeader(Topics.DLQ_REASON);
            reasons.put(
                r.key(),
                reason == null
                    ? "(no " + Topics.DLQ_REASON + " header)"
                    : new String(reason.value(), StandardCharsets.UTF_8));
          }
        }
      }
    }
    return reasons;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
