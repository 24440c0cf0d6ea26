package dev.wimigrate.inventory.saga;

import dev.wimigrate.events.CloudEventHeaders;
import dev.wimigrate.events.EventCodec;
import dev.wimigrate.events.EventSources;
import dev.wimigrate.events.EventType;
import dev.wimigrate.events.common.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends commands (and the audit copy of migration requests) as CloudEvents in binary mode to the
 * topic their type belongs on, keyed by their partition key, and waits for the broker's acks.
 */
public final class CommandPublisher implements AutoCloseable {

  private final EventCodec codec = new EventCodec();
  private final KafkaProducer<String, byte[]> producer;

  public CommandPublisher(Map<String, Object> kafkaConfig) {
    Map<String, Object> config = new HashMap<>(kafkaConfig);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "inventory-saga-commands");
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  public void publish(List<? extends Event> events) {
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>(events.size());
    for (Event event : events) {
      ProducerRecord<String, byte[]> record =
          new ProducerRecord<>(
              EventType.of(event).topic(), event.partitionKey(), codec.encode(event));
      CloudEventHeaders.forEvent(event, EventSources.INVENTORY_SERVICE)
          .toMap()
          .forEach((k, v) -> record.headers().add(k, v));
      records.add(record);
    }
    KafkaWrites.sendAll(producer, records, "commands");
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
