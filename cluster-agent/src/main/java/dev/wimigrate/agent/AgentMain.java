package dev.wimigrate.agent;

import dev.wimigrate.agent.cli.DiscoverCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * {@code java -jar cluster-agent.jar} runs the agent; {@code … discover [-o json]} prints the
 * current kubeconfig context's pod identity use once and exits, without Kafka.
 */
@QuarkusMain
public final class AgentMain {

  private AgentMain() {}

  public static void main(String... args) {
    if (args.length > 0 && "discover".equals(args[0])) {
      // the "discover" profile switches off Kafka, the scheduler and the HTTP port
      System.setProperty("quarkus.profile", "discover");
      Quarkus.run(DiscoverCommand.class, args);
    } else {
      Quarkus.run(args);
    }
  }
}
