package dev.wimigrate.agent.commands;

import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wires the (framework-free) command handling into CDI. */
@ApplicationScoped
public class CommandBeans {

  @Produces
  @ApplicationScoped
  CommandHandler commandHandler(
      KubernetesClient kube,
      Clock clock,
      @ConfigProperty(name = "wimigrate.agent.rollout-timeout", defaultValue = "10m")
          Duration rolloutTimeout,
      @ConfigProperty(name = "wimigrate.agent.rollout-poll-interval", defaultValue = "1s")
          Duration pollInterval) {
    KubeGateway gateway = new KubeGateway(kube);
    return new CommandHandler(
        gateway, new RolloutWatcher(gateway, clock, rolloutTimeout, pollInterval), clock);
  }
}
