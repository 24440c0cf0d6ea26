package dev.wimigrate.identity.testing;

import dev.wimigrate.events.CloudEventHeaders;
import dev.wimigrate.events.EventCodec;
import dev.wimigrate.events.Topics;
import dev.wimigrate.events.common.StepResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/** Reads {@code wimigrate.results} as the orchestrator would, remembering each step's outcome. */
public final class ResultsTopic implements AutoCloseable {

  /** A result as decoded, with the record's key and raw body. */
  public record Received(String key, StepResult result, String body) {}

  private final KafkaConsumer<String, byte[]> consumer;
  private final EventCodec codec = new EventCodec();
  private final Map<String, Received> byStep = new ConcurrentHashMap<>();

  public ResultsTopic(String bootstrapServers) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "identity-results-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.RESULTS));
  }

  /** The result of the step, waiting up to {@code timeout} for it. */
  public synchronized Received await(String stepId, Duration timeout) {
    Awaitility.await()
        .atMost(timeout)
        .pollDelay(Duration.ZERO)
        .until(
            () -> {
              consumer
                  .poll(Duration.ofMillis(250))
                  .forEach(
                      record -> {
                        String type =
                            new String(
                                record.headers().lastHeader(CloudEventHeaders.TYPE).value(),
                                StandardCharsets.UTF_8);
                        if (codec.decode(type, record.value()) instanceof StepResult result) {
                          byStep.put(
                              result.step().stepId(),
                              new Received(
                                  record.key(),
                                  result,
                                  new String(record.value(), StandardCharsets.UTF_8)));
                        }
                      });
              return byStep.containsKey(stepId);
            });
    return byStep.get(stepId);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
