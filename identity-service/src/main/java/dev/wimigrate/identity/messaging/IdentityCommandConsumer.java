package dev.wimigrate.identity.messaging;

import dev.wimigrate.events.EventSources;
import dev.wimigrate.events.MalformedEventException;
import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.StepFailed;
import dev.wimigrate.events.identity.IdentityCommand;
import dev.wimigrate.identity.IdentitySettings;
import dev.wimigrate.identity.IdentityWorker;
import dev.wimigrate.servicekit.messaging.CloudEventMessages;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

/**
 * {@code wimigrate.commands.identity} → {@link IdentityWorker} → {@code wimigrate.results}, as one
 * stream: up to {@code wimigrate.identity.concurrency} commands run at once on worker threads (a
 * cluster update takes minutes and must not hold up other clusters; the worker serialises commands
 * about one identity or cluster). A command is acknowledged when its result has been written to the
 * broker, so a crash means re-delivery, and the worker re-reads Azure before acting. A command that
 * cannot be decoded, or that the worker cannot process at all, is nacked: it goes to {@code
 * wimigrate.commands.identity.dlq} with the reason.
 */
@ApplicationScoped
public class IdentityCommandConsumer {

  private static final Logger LOG = Logger.getLogger(IdentityCommandConsumer.class);

  private final IdentityWorker worker;
  private final MeterRegistry metrics;
  private final int concurrency;

  public IdentityCommandConsumer(
      IdentityWorker worker, IdentitySettings settings, MeterRegistry metrics) {
    this.worker = worker;
    this.metrics = metrics;
    this.concurrency = settings.concurrency();
  }

  @Incoming("identity-commands")
  @Outgoing("results")
  @Acknowledgment(Acknowledgment.Strategy.MANUAL)
  public Multi<Message<byte[]>> process(Multi<Message<byte[]>> commands) {
    return commands
        .onItem()
        .transformToMulti(
            command ->
                Uni.createFrom()
                    .item(() -> answer(command))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .toMulti())
        .merge(concurrency);
  }

  /** The result to publish, acknowledging the command once written; null when nacked. */
  private Message<byte[]> answer(Message<byte[]> message) {
    IdentityCommand command;
    try {
      command = CloudEventMessages.decode(message, IdentityCommand.class);
    } catch (MalformedEventException e) {
      LOG.warnf("identity command rejected to the dead-letter topic: %s", e.getMessage());
      metrics.counter("wimigrate_identity_commands_rejected_total").increment();
      message.nack(e);
      return null;
    }
    Event result;
    try {
      result = worker.handle(command);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // shutting down: not acknowledged, so the command comes again after the restart
      message.nack(e);
      return null;
    } catch (RuntimeException e) {
      LOG.errorf("identity command %s cannot be processed: %s", command.step().stepId(), e);
      metrics.counter("wimigrate_identity_commands_rejected_total").increment();
      message.nack(e);
      return null;
    }
    String outcome = "ok";
    if (result instanceof StepFailed failed) {
      outcome = failed.errorCode();
      LOG.warnf("step %s failed: %s %s", failed.step().stepId(), outcome, failed.reason());
    }
    metrics
        .counter(
            "wimigrate_identity_commands_total",
            "type",
            command.getClass().getSimpleName(),
            "outcome",
            outcome)
        .increment();
    return CloudEventMessages.encode(result, EventSources.IDENTITY_SERVICE)
        .withAck(message::ack)
        .withNack(message::nack);
  }
}
