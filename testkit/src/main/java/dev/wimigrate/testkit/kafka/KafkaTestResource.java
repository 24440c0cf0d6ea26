package dev.wimigrate.testkit.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Supplies {@code kafka.bootstrap.servers} to a {@code @QuarkusTest} from the JVM's shared real
 * broker (this also switches Quarkus' Kafka Dev Services off).
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    return Map.of("kafka.bootstrap.servers", KafkaBrokers.shared().bootstrapServers());
  }

  @Override
  public void stop() {
    // the shared broker lives until the JVM exits, so several test classes reuse it
  }
}
