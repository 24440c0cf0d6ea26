package dev.wimigrate.testkit.kafka;

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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code wimigrate.results} from the beginning as the orchestrator would, remembering every
 * answer per step id (a re-delivered command can be answered more than once).
 */
public final class ResultsTopic implements AutoCloseable {

  /** A result as decoded, with the record's key and raw body (to check nothing secret travels). */
  public record Received(String key, StepResult result, String body) {}

  private final KafkaConsumer<String, byte[]> consumer;
  private final EventCodec codec = new EventCodec();
  private final Map<String, List<Received>> byStep = new ConcurrentHashMap<>();

  public ResultsTopic(String bootstrapServers) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "results-reader-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.RESULTS));
  }

  /** Reads what arrived within {@code wait}. */
  public synchronized void poll(Duration wait) {
    for (ConsumerRecord<String, byte[]> record : consumer.poll(wait)) {
      String type =
          new String(
              record.headers().lastHeader(CloudEventHeaders.TYPE).value(), StandardCharsets.UTF_8);
      if (codec.decode(type, record.value()) instanceof StepResult result) {
        byStep
            .computeIfAbsent(
                result.step().stepId(),
                k -> java.util.Collections.synchronizedList(new java.util.ArrayList<>()))
            .add(
                new Received(
                    record.key(), result, new String(record.value(), StandardCharsets.UTF_8)));
      }
    }
  }

  /** The step's first answer, reading until it arrives or {@code timeout} passes. */
  public Received await(String stepId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!byStep.containsKey(stepId)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no result for step " + stepId + " within " + timeout);
      }
      poll(Duration.ofMillis(250));
    }
    return byStep.get(stepId).get(0);
  }

  /**
   * Reads until {@code steps} different steps whose id starts with {@code prefix} have answers (or
   * {@code timeout} passes); returns their answers by step id.
   */
  public Map<String, List<Received>> awaitAnswers(String prefix, int steps, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (answers(prefix).size() < steps) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            answers(prefix).size()
                + " of "
                + steps
                + " steps '"
                + prefix
                + "…' answered in "
                + timeout);
      }
      poll(Duration.ofMillis(300));
    }
    return answers(prefix);
  }

  /** Every answer so far for steps whose id starts with {@code prefix}, by step id. */
  public Map<String, List<Received>> answers(String prefix) {
    Map<String, List<Received>> answers = new java.util.TreeMap<>();
    byStep.forEach(
        (step, received) -> {
          if (step.startsWith(prefix)) {
            answers.put(step, List.copyOf(received));
          }
        });
    return answers;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
