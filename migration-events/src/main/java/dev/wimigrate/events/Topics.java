package dev.wimigrate.events;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Kafka topic names, their dead-letter topics and the dead-letter headers. */
public final class Topics {
  /** cluster-agent → inventory-service: observations (key: workload key, object key, cluster). */
  public static final String INVENTORY = "wimigrate.inventory";

  /** REST → inventory-service: migration requests (key: migrationId). */
  public static final String MIGRATIONS = "wimigrate.migrations";

  /** inventory-service → identity-service (key: identity resource id, lower case, or cluster). */
  public static final String IDENTITY_COMMANDS = "wimigrate.commands.identity";

  /** inventory-service → federation-service (key: identity resource id, lower case). */
  public static final String FEDERATION_COMMANDS = "wimigrate.commands.federation";

  /** inventory-service → cluster-agent (key: clusterId). */
  public static final String CLUSTER_COMMANDS = "wimigrate.commands.cluster";

  /** every worker → inventory-service: step results and StepFailed. */
  public static final String RESULTS = "wimigrate.results";

  public static final List<String> ALL =
      List.of(
          INVENTORY, MIGRATIONS, IDENTITY_COMMANDS, FEDERATION_COMMANDS, CLUSTER_COMMANDS, RESULTS);

  public static final String DLQ_SUFFIX = ".dlq";

  // Dead-letter headers, as SmallRye Reactive Messaging's dead-letter-queue failure strategy
  // writes them when a consumer nacks a message with the reason as exception.

  /** Why the message was dead-lettered (the MalformedEventException message, say). */
  public static final String DLQ_REASON = "dead-letter-reason";

  public static final String DLQ_ORIGINAL_TOPIC = "dead-letter-topic";
  public static final String DLQ_ORIGINAL_PARTITION = "dead-letter-partition";
  public static final String DLQ_ORIGINAL_OFFSET = "dead-letter-offset";

  /** Class name of the exception that made the message unprocessable. */
  public static final String DLQ_EXCEPTION = "dead-letter-exception-class-name";

  private static final Pattern KAFKA_TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,245}");

  private Topics() {}

  /** {@code <topic>.dlq}, where unprocessable messages of the topic go with the dlq-* headers. */
  public static String dlq(String topic) {
    if (topic == null || !KAFKA_TOPIC.matcher(topic).matches()) {
      throw new IllegalArgumentException("not a Kafka topic name: " + topic);
    }
    if (isDlq(topic)) {
      throw new IllegalArgumentException(topic + " is already a dead-letter topic");
    }
    return topic + DLQ_SUFFIX;
  }

  public static boolean isDlq(String topic) {
    return topic.endsWith(DLQ_SUFFIX);
  }

  /** Every topic and its dead-letter topic, e.g. for topic definitions. */
  public static List<String> allWithDlq() {
    return ALL.stream().flatMap(t -> Stream.of(t, dlq(t))).toList();
  }
}
