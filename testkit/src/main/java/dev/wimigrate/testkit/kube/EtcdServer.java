package dev.wimigrate.testkit.kube;

import dev.wimigrate.testkit.process.ManagedProcess;
import dev.wimigrate.testkit.process.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One etcd per JVM; each control plane keeps its objects under its own key prefix, which saves a
 * process and ~100 MB per simulated cluster.
 */
public final class EtcdServer implements AutoCloseable {

  private final ManagedProcess process;
  private final String clientUrl;

  private EtcdServer(ManagedProcess process, String clientUrl) {
    this.process = process;
    this.clientUrl = clientUrl;
  }

  public static EtcdServer start(TestBedBinaries binaries) {
    try {
      Path dir = Files.createTempDirectory("wimigrate-etcd-");
      int clientPort = Ports.freePort();
      int peerPort = Ports.freePort();
      String client = "http://127.0.0.1:" + clientPort;
      String peer = "http://127.0.0.1:" + peerPort;
      ManagedProcess process =
          ManagedProcess.start(
              "etcd",
              List.of(
                  binaries.etcd().toString(),
                  "--name=testbed",
                  "--data-dir=" + dir.resolve("data"),
                  "--listen-client-urls=" + client,
                  "--advertise-client-urls=" + client,
                  "--listen-peer-urls=" + peer,
                  "--initial-advertise-peer-urls=" + peer,
                  "--initial-cluster=testbed=" + peer,
                  // test data is disposable: skipping fsync makes etcd fast on slow disks
                  "--unsafe-no-fsync=true",
                  "--log-level=warn"),
              Map.of(),
              dir.resolve("etcd.log"));
      EtcdServer etcd = new EtcdServer(process, client);
      etcd.awaitHealthy(Duration.ofSeconds(30));
      return etcd;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String clientUrl() {
    return clientUrl;
  }

  private void awaitHealthy(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("etcd exited:\n" + process.logTail(30));
      }
      try {
        HttpResponse<String> health =
            http.send(
                HttpRequest.newBuilder(URI.create(clientUrl + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200 && health.body().contains("\"health\":\"true\"")) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(100);
    }
    throw new IllegalStateException("etcd not healthy in " + timeout + ":\n" + process.logTail(30));
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
