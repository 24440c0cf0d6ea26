package dev.wimigrate.federation.messaging;

import dev.wimigrate.events.EventSources;
import dev.wimigrate.events.MalformedEventException;
import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.StepFailed;
import dev.wimigrate.events.federation.FederationCommand;
import dev.wimigrate.federation.FederationWorker;
import dev.wimigrate.servicekit.messaging.CloudEventMessages;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads {@code wimigrate.commands.federation}, carries each command out and answers on {@code
 * wimigrate.results}. Commands run concurrently (a propagation wait must not hold up other
 * identities); the worker serialises writes per identity. A command is acknowledged only after its
 * result was written, so a crash means re-delivery, and the worker re-reads Azure before acting.
 */
@ApplicationScoped
public class FederationCommandConsumer {

  private static final Logger LOG = Logger.getLogger(FederationCommandConsumer.class);

  private final FederationWorker worker;
  private final Emitter<byte[]> results;
  private final MeterRegistry metrics;

  public FederationCommandConsumer(
      FederationWorker worker, @Channel("results") Emitter<byte[]> results, MeterRegistry metrics) {
    this.worker = worker;
    this.results = results;
    this.metrics = metrics;
  }

  @Incoming("federation-commands")
  @Blocking(ordered = false)
  public CompletionStage<Void> consume(Message<byte[]> message) {
    FederationCommand command;
    try {
      command = CloudEventMessages.decode(message, FederationCommand.class);
    } catch (MalformedEventException e) {
      LOG.warnf("federation command rejected to the dead-letter topic: %s", e.getMessage());
      metrics.counter("wimigrate_federation_commands_rejected_total").increment();
      return message.nack(e);
    }
    Event result;
    try {
      result = worker.handle(command);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // shutting down: not acknowledged, so the command is delivered again after restart
      return message.nack(e);
    }
    String outcome = result instanceof StepFailed failed ? failed.errorCode() : "ok";
    metrics
        .counter(
            "wimigrate_federation_commands_total",
            "type",
            command.getClass().getSimpleName(),
            "outcome",
            outcome)
        .increment();
    if (result instanceof StepFailed failed) {
      LOG.warnf(
          "step %s failed: %s %s", failed.step().stepId(), failed.errorCode(), failed.reason());
    }
    return CloudEventMessages.answer(message, results, result, EventSources.FEDERATION_SERVICE);
  }
}
