package dev.wimigrate.inventory.fleet;

import dev.wimigrate.events.MalformedEventException;
import dev.wimigrate.events.inventory.InventoryEvent;
import dev.wimigrate.servicekit.messaging.CloudEventMessages;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads agent reports from {@code wimigrate.inventory}. A message that cannot be decoded is nacked
 * with the reason, and the channel's dead-letter strategy moves it to {@code
 * wimigrate.inventory.dlq}; the consumer keeps going.
 */
@ApplicationScoped
public class InventoryConsumer {

  private static final Logger LOG = Logger.getLogger(InventoryConsumer.class);

  private final FleetInventory inventory;
  private final MeterRegistry metrics;
  private final RebuildProgress rebuild;

  public InventoryConsumer(
      FleetInventory inventory, MeterRegistry metrics, @Readiness RebuildReadiness readiness) {
    this.inventory = inventory;
    this.metrics = metrics;
    this.rebuild = readiness.progress();
  }

  @Incoming("inventory")
  public CompletionStage<Void> consume(Message<byte[]> message) {
    try {
      InventoryEvent event = CloudEventMessages.decode(message, InventoryEvent.class);
      inventory.apply(event);
      metrics
          .counter("wimigrate_inventory_events_total", "type", event.getClass().getSimpleName())
          .increment();
      return message.ack();
    } catch (MalformedEventException e) {
      LOG.warnf("inventory event rejected to the dead-letter topic: %s", e.getMessage());
      metrics.counter("wimigrate_inventory_events_rejected_total").increment();
      return message.nack(e);
    } finally {
      // the rebuild counts a record once handled, applied or dead-lettered alike
      message
          .getMetadata(IncomingKafkaRecordMetadata.class)
          .ifPresent(record -> rebuild.consumed(record.getPartition(), record.getOffset()));
    }
  }
}
