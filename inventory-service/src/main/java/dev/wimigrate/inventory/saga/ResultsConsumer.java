package dev.wimigrate.inventory.saga;

import dev.wimigrate.events.MalformedEventException;
import dev.wimigrate.events.common.StepResult;
import dev.wimigrate.servicekit.messaging.CloudEventMessages;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads the workers' answers from {@code wimigrate.results}. A result is acknowledged only after
 * the saga stored and sent what it caused, so a crash re-delivers it (and the saga, seeing the step
 * already done, ignores the duplicate). Undecodable records go to {@code wimigrate.results.dlq}.
 */
@ApplicationScoped
public class ResultsConsumer {

  private static final Logger LOG = Logger.getLogger(ResultsConsumer.class);

  private final SagaEngine engine;
  private final SagaMetrics metrics;

  public ResultsConsumer(SagaEngine engine, SagaMetrics metrics) {
    this.engine = engine;
    this.metrics = metrics;
  }

  @Incoming("results")
  public CompletionStage<Void> consume(Message<byte[]> message) {
    StepResult result;
    try {
      result = CloudEventMessages.decode(message, StepResult.class);
    } catch (MalformedEventException e) {
      LOG.warnf("result rejected to the dead-letter topic: %s", e.getMessage());
      metrics.rejectedResult();
      return message.nack(e);
    }
    return engine
        .onResult(result)
        .handle((ok, failure) -> failure == null ? message.ack() : message.nack(failure))
        .thenCompose(stage -> stage);
  }
}
