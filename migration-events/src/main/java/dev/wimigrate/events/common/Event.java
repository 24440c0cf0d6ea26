package dev.wimigrate.events.common;

/**
 * Every message wimigrate puts on Kafka: a record registered in {@code EventType} with a
 * CloudEvents type and a JSON schema.
 */
public interface Event {
  /** The Kafka record key (see docs/events.md for the rule per topic). */
  String partitionKey();

  /** The CloudEvents subject ({@code ce_subject}): what the event is about. */
  default String ceSubject() {
    return partitionKey();
  }
}
