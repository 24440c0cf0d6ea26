package dev.wimigrate.testkit.kafka;

import dev.wimigrate.events.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the event topics before any service subscribes, as the Helm chart's KafkaTopics do in a
 * deployment: a consumer that subscribed to a topic auto-created later would not see it until its
 * next metadata refresh (minutes). {@code wimigrate.inventory} is compacted, as deployed.
 */
public final class KafkaTopics {

  private KafkaTopics() {}

  /** Creates every topic of {@link Topics#allWithDlq()} that does not exist yet. */
  public static void createMissing(String bootstrap, int partitions) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      for (String topic : Topics.allWithDlq()) {
        if (!existing.contains(topic)) {
          NewTopic t = new NewTopic(topic, partitions, (short) 1);
          if (topic.equals(Topics.INVENTORY)) {
            t.configs(Map.of("cleanup.policy", "compact"));
          }
          missing.add(t);
        }
      }
      for (var created : admin.createTopics(missing).values().values()) {
        try {
          created.get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create the topics: " + e.getCause(), e);
          }
          // created by someone else meanwhile: fine
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot list the topics: " + e.getCause(), e);
    }
  }
}
