package dev.wimigrate.proxy.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadinessProbeTest {

  final ReadinessProbe probe =
      new ReadinessProbe(HttpClient.newHttpClient(), Clock.systemUTC(), Duration.ofMillis(20));

  @Test
  void probeSucceedsOnceReadyzAnswersOk() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/readyz",
        exchange -> {
          int status = calls.incrementAndGet() < 3 ? 503 : 200;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    try {
      boolean ready =
          probe.await(
              ReadinessProbe.readyzUri(server.getAddress().getPort()), Duration.ofSeconds(10));

      assertThat(ready).isTrue();
      assertThat(calls).hasValue(3);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void probeFailsWhenNothingListensBeforeTheTimeout() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }

    assertThat(probe.await(ReadinessProbe.readyzUri(port), Duration.ofMillis(200))).isFalse();
  }

  @Test
  void probeTargetsLoopback() {
    assertThat(ReadinessProbe.readyzUri(8000))
        .isEqualTo(URI.create("http://127.0.0.1:8000/readyz"));
  }
}
