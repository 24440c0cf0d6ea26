package dev.wimigrate.servicekit.messaging;

import dev.wimigrate.events.CloudEventHeaders;
import dev.wimigrate.events.EventCodec;
import dev.wimigrate.events.EventType;
import dev.wimigrate.events.MalformedEventException;
import dev.wimigrate.events.common.Event;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * CloudEvents in Kafka binary mode for SmallRye Reactive Messaging: the event's JSON as the record
 * value, its attributes as {@code ce_*} headers, its partition key as the record key.
 */
public final class CloudEventMessages {

  private static final EventCodec CODEC = new EventCodec();

  private CloudEventMessages() {}

  /** A message carrying {@code event} from {@code source} (see {@code EventSources}). */
  public static Message<byte[]> encode(Event event, String source) {
    RecordHeaders headers = new RecordHeaders();
    CloudEventHeaders.forEvent(event, source).toMap().forEach(headers::add);
    return Message.of(CODEC.encode(event))
        .addMetadata(
            OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.partitionKey())
                .withHeaders(headers)
                .build());
  }

  /**
   * Sends {@code result} from {@code source} through {@code emitter} and acknowledges {@code
   * command} only once the broker has it (nacks the command if the send fails): a crash between the
   * two means re-delivery, never a command without an answer.
   */
  public static CompletionStage<Void> answer(
      Message<byte[]> command, Emitter<byte[]> emitter, Event result, String source) {
    CompletableFuture<Void> written = new CompletableFuture<>();
    emitter.send(
        encode(result, source)
            .withAck(
                () -> {
                  written.complete(null);
                  return CompletableFuture.completedFuture(null);
                })
            .withNack(
                failure -> {
                  written.completeExceptionally(failure);
                  return CompletableFuture.completedFuture(null);
                }));
    return written
        .handle((ok, failure) -> failure == null ? command.ack() : command.nack(failure))
        .thenCompose(stage -> stage);
  }

  /**
   * Decodes a received record into an event of the {@code family} its topic carries.
   *
   * @throws MalformedEventException with a precise reason for bad headers, an unknown type, a type
   *     that does not belong on this topic, or a body that does not decode
   */
  public static <T extends Event> T decode(Message<byte[]> message, Class<T> family) {
    Map<String, byte[]> headers = new LinkedHashMap<>();
    message
        .getMetadata(IncomingKafkaRecordMetadata.class)
        .ifPresent(
            kafka -> {
              for (Header header : kafka.getHeaders()) {
                headers.put(header.key(), header.value()); // the last value of a key wins
              }
            });
    CloudEventHeaders ce = CloudEventHeaders.fromMap(headers);
    byte[] body = message.getPayload();
    if (body == null || body.length == 0) {
      throw new MalformedEventException(ce.type(), null, ce.type() + ": empty record value", null);
    }
    EventType type =
        EventType.forType(ce.type())
            .orElseThrow(
                () ->
                    new MalformedEventException(
                        ce.type(), null, "unknown CloudEvents type '" + ce.type() + "'", null));
    if (!family.isAssignableFrom(type.javaType())) {
      throw new MalformedEventException(
          ce.type(),
          null,
          ce.type() + " does not belong on a topic of " + family.getSimpleName() + "s",
          null);
    }
    return family.cast(CODEC.decode(ce.type(), body));
  }
}
