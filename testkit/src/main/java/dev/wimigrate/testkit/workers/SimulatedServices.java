package dev.wimigrate.testkit.workers;

import dev.wimigrate.events.CloudEventHeaders;
import dev.wimigrate.events.EventCodec;
import dev.wimigrate.events.Topics;
import dev.wimigrate.events.common.Event;
import dev.wimigrate.events.common.StepResult;
import dev.wimigrate.testkit.kafka.EventTestClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Stands in for identity-service, federation-service and the cluster-agents on the real broker:
 * reads the three command topics and answers each command (of the tests' migrations) on {@code
 * wimigrate.results} through a worker function; records every command it saw.
 */
public final class SimulatedServices implements AutoCloseable {

  private final EventCodec codec = new EventCodec();
  private final EventTestClient results;
  private final KafkaConsumer<String, byte[]> commands;
  private final Predicate<Event> mine;
  private final Thread loop;
  private volatile boolean running = true;
  public volatile Function<Event, StepResult> workers = new SimulatedWorkers();
  public final List<Event> seen = new CopyOnWriteArrayList<>();

  public SimulatedServices(String bootstrap, Predicate<Event> mine) {
    this.mine = mine;
    this.results = new EventTestClient(bootstrap);
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "simulated-services-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000);
    this.commands =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    commands.subscribe(
        List.of(Topics.IDENTITY_COMMANDS, Topics.FEDERATION_COMMANDS, Topics.CLUSTER_COMMANDS));
    loop = new Thread(this::run, "simulated-services");
    loop.setDaemon(true);
    loop.start();
  }

  private void run() {
    while (running) {
      for (ConsumerRecord<String, byte[]> r : commands.poll(Duration.ofMillis(200))) {
        Header type = r.headers().lastHeader(CloudEventHeaders.TYPE);
        Event command = codec.decode(new String(type.value()), r.value());
        if (!mine.test(command)) {
          continue;
        }
        seen.add(command);
        StepResult answer = workers.apply(command);
        if (answer != null) {
          results.send(answer);
        }
      }
    }
    commands.close();
  }

  public <T extends Event> List<T> seen(Class<T> type) {
    return seen.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    loop.join(5000);
    results.close();
  }
}
