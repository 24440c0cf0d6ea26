package dev.wimigrate.agent.commands;

import dev.wimigrate.agent.discovery.InventoryDiscovery;
import dev.wimigrate.events.EventSources;
import dev.wimigrate.events.MalformedEventException;
import dev.wimigrate.events.cluster.ClusterCommand;
import dev.wimigrate.events.cluster.RequestSnapshot;
import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.StepFailed;
import dev.wimigrate.servicekit.messaging.CloudEventMessages;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads {@code wimigrate.commands.cluster}, carries out the commands addressed to this agent's
 * cluster and answers on {@code wimigrate.results}. Commands for other clusters are skipped (every
 * agent of the fleet reads the topic in its own consumer group). A malformed or unknown command is
 * nacked with the reason and lands on {@code wimigrate.commands.cluster.dlq}; the agent goes on. A
 * command is acknowledged only once its result is on the broker, so a crash means re-delivery, and
 * the handler re-reads the cluster before acting.
 */
@ApplicationScoped
public class ClusterCommandConsumer {

  private static final Logger LOG = Logger.getLogger(ClusterCommandConsumer.class);

  private final CommandHandler handler;
  private final InventoryDiscovery discovery;
  private final Emitter<byte[]> results;
  private final MeterRegistry metrics;
  private final String clusterId;

  public ClusterCommandConsumer(
      CommandHandler handler,
      InventoryDiscovery discovery,
      @Channel("results") Emitter<byte[]> results,
      MeterRegistry metrics,
      @ConfigProperty(name = "wimigrate.agent.cluster-id") String clusterId) {
    this.handler = handler;
    this.discovery = discovery;
    this.results = results;
    this.metrics = metrics;
    this.clusterId = clusterId;
  }

  @Incoming("cluster-commands")
  @Blocking(ordered = false)
  public CompletionStage<Void> consume(Message<byte[]> message) {
    ClusterCommand command;
    try {
      command = CloudEventMessages.decode(message, ClusterCommand.class);
    } catch (MalformedEventException e) {
      LOG.warnf("cluster command rejected to the dead-letter topic: %s", e.getMessage());
      metrics.counter("wimigrate_cluster_commands_rejected_total").increment();
      return message.nack(e);
    }
    if (!clusterId.equals(command.clusterId())) {
      LOG.debugf("skipping %s for cluster %s", command.step().stepId(), command.clusterId());
      return message.ack();
    }
    if (command instanceof RequestSnapshot) {
      discovery.snapshot();
      count(command, "ok");
      return message.ack();
    }
    Event result;
    try {
      result = handler.handle(command);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // shutting down: not acknowledged, so the command is delivered again after restart
      return message.nack(e);
    }
    count(command, result instanceof StepFailed failed ? failed.errorCode() : "ok");
    if (result instanceof StepFailed failed) {
      LOG.warnf(
          "step %s (%s) failed: %s %s",
          failed.step().stepId(), failed.stepName(), failed.errorCode(), failed.reason());
    }
    return CloudEventMessages.answer(
        message, results, result, EventSources.clusterAgent(clusterId));
  }

  private void count(ClusterCommand command, String outcome) {
    metrics
        .counter(
            "wimigrate_cluster_commands_total",
            "type",
            command.getClass().getSimpleName(),
            "outcome",
            outcome)
        .increment();
  }
}
