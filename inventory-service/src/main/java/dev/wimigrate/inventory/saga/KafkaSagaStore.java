package dev.wimigrate.inventory.saga;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The saga's state on a compacted topic, one record per entry key: rebuilt by reading the topic
 * from the start, written with acks from all in-sync replicas before any command goes out.
 */
public final class KafkaSagaStore implements SagaStore, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(KafkaSagaStore.class);
  private static final String FORMAT_HEADER = "format";

  private final String topic;
  private final Map<String, Object> kafka;
  private final SagaEntryCodec codec = new SagaEntryCodec();
  private final KafkaProducer<String, byte[]> producer;

  public KafkaSagaStore(Map<String, Object> kafkaConfig, String topic) {
    this.topic = topic;
    this.kafka = Map.copyOf(kafkaConfig);
    Map<String, Object> config = new HashMap<>(kafka);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "inventory-saga-state");
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  @Override
  public List<SagaEntry> loadAll() {
    Map<String, Object> config = new HashMap<>(kafka);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    Map<String, SagaEntry> latest = new LinkedHashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      int skipped = 0;
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.value() == null) {
            latest.remove(r.key());
            continue;
          }
          try {
            latest.put(r.key(), codec.decode(r.value()));
          } catch (RuntimeException e) {
            skipped++;
            LOG.errorf(
                "saga state record %s at %s-%d@%d unreadable: %s",
                r.key(), topic, r.partition(), r.offset(), e.getMessage());
          }
        }
      }
      LOG.infof(
          "saga state: %d entries read from %s (%d unreadable)", latest.size(), topic, skipped);
    }
    return new ArrayList<>(latest.values());
  }

  @Override
  public void save(List<SagaEntry> entries) {
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>(entries.size());
    for (SagaEntry e : entries) {
      ProducerRecord<String, byte[]> record =
          new ProducerRecord<>(topic, e.entryKey(), codec.encode(e));
      record.headers().add(FORMAT_HEADER, SagaEntryCodec.FORMAT.getBytes(StandardCharsets.UTF_8));
      records.add(record);
    }
    KafkaWrites.sendAll(producer, records, "saga state");
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
