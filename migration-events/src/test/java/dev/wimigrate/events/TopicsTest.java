package dev.wimigrate.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTest {
  @Test
  void topicNamesAreTheDocumentedOnes() {
    assertThat(Topics.ALL)
        .containsExactly(
            "wimigrate.inventory",
            "wimigrate.migrations",
            "wimigrate.commands.identity",
            "wimigrate.commands.federation",
            "wimigrate.commands.cluster",
            "wimigrate.results");
  }

  @Test
  void everyTopicHasADeadLetterTopicWithTheDlqSuffix() {
    assertThat(Topics.dlq(Topics.RESULTS)).isEqualTo("wimigrate.results.dlq");
    assertThat(Topics.allWithDlq())
        .hasSize(12)
        .contains(
            "wimigrate.inventory", "wimigrate.inventory.dlq", "wimigrate.commands.cluster.dlq");
    assertThat(Topics.isDlq("wimigrate.inventory.dlq")).isTrue();
    assertThat(Topics.isDlq("wimigrate.inventory")).isFalse();
  }

  @Test
  void aDeadLetterTopicHasNoDeadLetterTopic() {
    assertThatThrownBy(() -> Topics.dlq("wimigrate.results.dlq"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already a dead-letter topic");
    assertThatThrownBy(() -> Topics.dlq("not a topic"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deadLetterHeadersAreNamed() {
    assertThat(
            new String[] {
              Topics.DLQ_REASON,
              Topics.DLQ_ORIGINAL_TOPIC,
              Topics.DLQ_ORIGINAL_PARTITION,
              Topics.DLQ_ORIGINAL_OFFSET,
              Topics.DLQ_EXCEPTION
            })
        .containsExactly(
            "dead-letter-reason",
            "dead-letter-topic",
            "dead-letter-partition",
            "dead-letter-offset",
            "dead-letter-exception-class-name");
  }
}
