package dev.wimigrate.agent.leader;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One replica of the agent leads at a time: fabric8's {@link LeaderElector} on a {@code
 * coordination.k8s.io/v1} Lease. The leader carries out commands; the others wait. Stopping
 * releases the lease, so a successor takes over without waiting for it to expire.
 */
public class AgentLeadership implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(AgentLeadership.class);

  private final KubernetesClient kube;
  private final String namespace;
  private final String lease;
  private final String identity;
  private final Duration leaseDuration;
  private final Runnable onStart;
  private final Runnable onStop;
  private final AtomicBoolean leading = new AtomicBoolean();
  private CompletableFuture<?> running;

  public AgentLeadership(
      KubernetesClient kube,
      String namespace,
      String lease,
      String identity,
      Duration leaseDuration,
      Runnable onStart,
      Runnable onStop) {
    this.kube = kube;
    this.namespace = namespace;
    this.lease = lease;
    this.identity = identity;
    this.leaseDuration = leaseDuration;
    this.onStart = onStart;
    this.onStop = onStop;
  }

  public synchronized void start() {
    if (running != null) {
      return;
    }
    Consumer<String> newLeader =
        leader -> LOG.infof("lease %s/%s held by %s", namespace, lease, leader);
    LeaderElector elector =
        new LeaderElector(
            kube,
            new LeaderElectionConfigBuilder()
                .withName(lease)
                .withLock(new LeaseLock(namespace, lease, identity))
                .withLeaseDuration(leaseDuration)
                .withRenewDeadline(leaseDuration.multipliedBy(2).dividedBy(3))
                .withRetryPeriod(leaseDuration.dividedBy(5))
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(
                    new LeaderCallbacks(
                        () -> {
                          leading.set(true);
                          LOG.infof("%s leads (lease %s/%s)", identity, namespace, lease);
                          onStart.run();
                        },
                        () -> {
                          leading.set(false);
                          LOG.infof("%s stopped leading", identity);
                          onStop.run();
                        },
                        newLeader))
                .build(),
            Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "leader-election-" + identity);
                  t.setDaemon(true);
                  return t;
                }));
    running = elector.start();
  }

  public boolean isLeader() {
    return leading.get();
  }

  public String identity() {
    return identity;
  }

  /** Stops competing; a leader releases the lease. */
  @Override
  public synchronized void close() {
    if (running != null) {
      running.cancel(true);
      running = null;
    }
  }
}
