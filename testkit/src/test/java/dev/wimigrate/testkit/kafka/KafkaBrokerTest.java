package dev.wimigrate.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wimigrate.testkit.process.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

  @Test
  void consumerGroupReceivesWhatAProducerSent() throws Exception {
    KafkaEndpoint kafka = KafkaBrokers.shared();
    String topic = "broker-test-" + UUID.randomUUID();

    send(kafka.bootstrapServers(), topic, "k1", "hello");

    assertThat(readAll(kafka.bootstrapServers(), topic, 1)).containsExactly("k1=hello");
  }

  @Test
  void restartedBrokerKeepsItsTopicsAndCommittedRecords() throws Exception {
    Path dir = Files.createTempDirectory("wimigrate-kafka-restart-");
    int port = Ports.freePort();
    String topic = "durable-" + UUID.randomUUID();
    try (KafkaBroker first = KafkaBroker.start(dir, port)) {
      send(first.bootstrapServers(), topic, "k", "before-restart");
    }
    try (KafkaBroker second = KafkaBroker.start(dir, port)) {
      assertThat(readAll(second.bootstrapServers(), topic, 1)).containsExactly("k=before-restart");
    }
  }

  @Test
  void generatedClusterIdsNeverStartWithADashThatParsersTakeForAnOption() {
    for (int i = 0; i < 2_000; i++) {
      String id = KafkaBroker.newClusterId();
      assertThat(id).hasSize(22);
      assertThat(id.charAt(0)).isNotEqualTo('-');
    }
  }

  @Test
  void brokerJvmExitsWhenItsParentClosesTheWatchPipe() throws Exception {
    KafkaBroker broker = KafkaBroker.start();
    ProcessHandle handle = ProcessHandle.of(broker.pid()).orElseThrow();

    broker.close();

    assertThat(handle.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS).isAlive()).isFalse();
  }

  static void send(String bootstrap, String topic, String key, String value) throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  static List<String> readAll(String bootstrap, String topic, int expected) {
    List<String> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "g-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (seen.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          seen.add(r.key() + "=" + r.value());
        }
      }
    }
    return seen;
  }
}
