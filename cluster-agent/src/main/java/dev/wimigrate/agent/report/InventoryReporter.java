package dev.wimigrate.agent.report;

import dev.wimigrate.agent.facts.ClusterFacts;
import dev.wimigrate.agent.facts.ClusterFactsReader;
import dev.wimigrate.events.EventSources;
import dev.wimigrate.events.inventory.ClusterObserved;
import dev.wimigrate.servicekit.messaging.CloudEventMessages;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Publishes what the agent observes on {@code wimigrate.inventory}. Cluster facts are reported at
 * start and then periodically, so a restarted inventory (or a changed issuer) catches up.
 */
@ApplicationScoped
public class InventoryReporter {

  private static final Logger LOG = Logger.getLogger(InventoryReporter.class);

  private final ClusterFactsReader facts;
  private final Emitter<byte[]> inventory;
  private final Clock clock;
  private final Optional<String> azureResourceId;
  private volatile boolean reported;

  public InventoryReporter(
      ClusterFactsReader facts,
      @Channel("inventory") Emitter<byte[]> inventory,
      Clock clock,
      // the AKS cluster's ARM id, which the apiserver cannot tell; the orchestrator needs it
      @ConfigProperty(name = "wimigrate.agent.cluster-resource-id")
          Optional<String> azureResourceId) {
    this.azureResourceId = azureResourceId;
    this.facts = facts;
    this.inventory = inventory;
    this.clock = clock;
  }

  @Scheduled(
      every = "${wimigrate.agent.facts-interval:5m}",
      // Reactive Messaging connects its emitters during start-up; run once it has
      delayed = "${wimigrate.agent.start-delay:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  synchronized void reportClusterFacts() {
    try {
      ClusterFacts f = facts.read();
      ClusterObserved event =
          new ClusterObserved(
              f.clusterId(),
              f.kubernetesVersion(),
              f.oidcIssuerUrl(),
              f.workloadIdentityWebhookInstalled(),
              f.podIdentityCrdsInstalled(),
              f.kedaInstalled(),
              clock.instant(),
              azureResourceId.orElse(null));
      inventory.send(CloudEventMessages.encode(event, EventSources.clusterAgent(f.clusterId())));
      reported = true;
      LOG.infof(
          "reported cluster %s (%s, issuer %s)",
          f.clusterId(), f.kubernetesVersion(), f.oidcIssuerUrl());
    } catch (RuntimeException e) {
      // the apiserver may be unreachable for a while; the next run tries again
      LOG.warnf("cannot read cluster facts: %s", e.getMessage());
    }
  }

  /**
   * Until the first report got out (Kafka or the apiserver may not be reachable yet at start), try
   * again every few seconds instead of waiting for the next regular report.
   */
  @Scheduled(
      every = "${wimigrate.agent.facts-retry-interval:10s}",
      delayed = "${wimigrate.agent.start-delay:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void retryUntilReported() {
    if (!reported) {
      reportClusterFacts();
    }
  }
}
