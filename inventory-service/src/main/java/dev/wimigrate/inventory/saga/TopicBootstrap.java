package dev.wimigrate.inventory.saga;

import dev.wimigrate.events.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates the topics the orchestrator writes and reads when the deployment has not (the Helm chart
 * declares them as Strimzi KafkaTopics with the same settings): the compacted state topic, the
 * command topics, the results topic and its dead-letter topic. Existing topics are left as they
 * are.
 */
final class TopicBootstrap {

  private static final Logger LOG = Logger.getLogger(TopicBootstrap.class);
  private static final int PARTITIONS = 6;

  private TopicBootstrap() {}

  static void ensure(Map<String, Object> kafka, String stateTopic) {
    Map<String, String> compacted =
        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    List<NewTopic> wanted =
        List.of(
            new NewTopic(stateTopic, Optional.of(PARTITIONS), Optional.empty()).configs(compacted),
            new NewTopic(Topics.MIGRATIONS, Optional.of(3), Optional.empty()),
            new NewTopic(Topics.IDENTITY_COMMANDS, Optional.of(PARTITIONS), Optional.empty()),
            new NewTopic(Topics.FEDERATION_COMMANDS, Optional.of(PARTITIONS), Optional.empty()),
            new NewTopic(Topics.CLUSTER_COMMANDS, Optional.of(PARTITIONS), Optional.empty()),
            new NewTopic(Topics.RESULTS, Optional.of(PARTITIONS), Optional.empty()),
            new NewTopic(Topics.dlq(Topics.RESULTS), Optional.of(1), Optional.empty()));
    try (Admin admin = Admin.create(kafka)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (NewTopic t : wanted) {
        if (!existing.contains(t.name())) {
          missing.add(t);
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      for (var entry : admin.createTopics(missing).values().entrySet()) {
        try {
          entry.getValue().get(30, TimeUnit.SECONDS);
          LOG.infof("created topic %s", entry.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "cannot create topic " + entry.getKey() + ": " + e.getCause().getMessage(), e);
          }
        }
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot list topics: " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer while creating topics", e);
    }
  }
}
