package dev.wimigrate.inventory.fleet;

import dev.wimigrate.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Readiness of the fleet store: DOWN until everything on {@code wimigrate.inventory} at start-up
 * has been applied (see {@link RebuildProgress}).
 */
@Readiness
@ApplicationScoped
public class RebuildReadiness implements HealthCheck {

  private static final Logger LOG = Logger.getLogger(RebuildReadiness.class);

  private final RebuildProgress progress;
  private final Clock clock = Clock.systemUTC();

  public RebuildReadiness(
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
      @ConfigProperty(name = "wimigrate.inventory.rebuild-max-wait", defaultValue = "5m")
          Duration maxWait) {
    this.progress = new RebuildProgress(endOffsets(bootstrap), clock.instant(), maxWait);
  }

  public RebuildProgress progress() {
    return progress;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("inventory-rebuild")
        .status(progress.ready(clock.instant()))
        .withData("complete", progress.complete())
        .withData("remainingRecords", progress.remaining())
        .build();
  }

  /** The topic's end offsets now; none when the topic does not exist yet (nothing to rebuild). */
  static Map<Integer, Long> endOffsets(String bootstrap) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> partitions =
          consumer.listTopics(Duration.ofSeconds(15)).getOrDefault(Topics.INVENTORY, List.of());
      List<TopicPartition> topicPartitions =
          partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      return consumer.endOffsets(topicPartitions, Duration.ofSeconds(15)).entrySet().stream()
          .collect(Collectors.toMap(e -> e.getKey().partition(), Map.Entry::getValue));
    } catch (RuntimeException e) {
      // the broker is not reachable yet: Kafka readiness reports that; nothing to wait for here
      LOG.warnf("cannot read the end offsets of %s: %s", Topics.INVENTORY, e.toString());
      return Map.of();
    }
  }
}
