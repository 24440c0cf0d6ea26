package dev.wimigrate.agent.leader;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * With {@code wimigrate.agent.leader-election.enabled}, only the replica holding the Lease consumes
 * cluster commands: the {@code cluster-commands} channel starts paused and is resumed while this
 * replica leads, paused again when it stops leading. Without leader election the channel is never
 * paused (one replica).
 */
@ApplicationScoped
public class LeaderElectionService {

  static final String CHANNEL = "cluster-commands";
  private static final Logger LOG = Logger.getLogger(LeaderElectionService.class);

  private final KubernetesClient kube;
  private final ChannelRegistry channels;
  private final boolean enabled;
  private final String namespace;
  private final String lease;
  private final String identity;
  private final Duration leaseDuration;
  private AgentLeadership leadership;

  public LeaderElectionService(
      KubernetesClient kube,
      ChannelRegistry channels,
      @ConfigProperty(name = "wimigrate.agent.leader-election.enabled", defaultValue = "false")
          boolean enabled,
      @ConfigProperty(
              name = "wimigrate.agent.leader-election.namespace",
              defaultValue = "wimigrate-system")
          String namespace,
      @ConfigProperty(
              name = "wimigrate.agent.leader-election.lease",
              defaultValue = "wimigrate-cluster-agent")
          String lease,
      @ConfigProperty(name = "wimigrate.agent.leader-election.identity") Optional<String> identity,
      @ConfigProperty(name = "wimigrate.agent.leader-election.lease-duration", defaultValue = "15s")
          Duration leaseDuration) {
    this.kube = kube;
    this.channels = channels;
    this.enabled = enabled;
    this.namespace = namespace;
    this.lease = lease;
    this.identity =
        identity.orElseGet(
            () ->
                Optional.ofNullable(System.getenv("HOSTNAME"))
                    .orElse("agent-" + ProcessHandle.current().pid()));
    this.leaseDuration = leaseDuration;
  }

  void start(@Observes StartupEvent event) {
    if (!enabled) {
      return;
    }
    leadership =
        new AgentLeadership(
            kube,
            namespace,
            lease,
            identity,
            leaseDuration,
            () -> channel().resume(),
            () -> channel().pause());
    leadership.start();
  }

  void stop(@Observes ShutdownEvent event) {
    if (leadership != null) {
      leadership.close();
    }
  }

  public boolean isLeader() {
    return !enabled || (leadership != null && leadership.isLeader());
  }

  private PausableChannel channel() {
    PausableChannel channel = channels.getPausable(CHANNEL);
    if (channel == null) {
      LOG.warnf(
          "channel %s is not pausable: set mp.messaging.incoming.%s.pausable=true",
          CHANNEL, CHANNEL);
      return new PausableChannel() {
        @Override
        public boolean isPaused() {
          return false;
        }

        @Override
        public void pause() {}

        @Override
        public void resume() {}
      };
    }
    return channel;
  }
}
