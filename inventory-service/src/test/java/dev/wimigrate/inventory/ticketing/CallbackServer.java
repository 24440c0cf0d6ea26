package dev.wimigrate.inventory.ticketing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A ticketing system's API on loopback: records every request and answers with scripted statuses
 * (then 204), optionally holding the first request until released.
 */
final class CallbackServer implements AutoCloseable {

  record Received(String method, String path, String query, String authorization, String body) {}

  record Answer(int status, Map<String, String> headers) {}

  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean holdNext = new AtomicBoolean();
  private final CountDownLatch released = new CountDownLatch(1);
  private final CountDownLatch firstArrived = new CountDownLatch(1);

  CallbackServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  URI url(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
  }

  /** The next requests are answered with these, in order; then 204. */
  CallbackServer answer(Answer... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  static Answer status(int status) {
    return new Answer(status, Map.of());
  }

  static Answer status(int status, String header, String value) {
    return new Answer(status, Map.of(header, value));
  }

  /** Holds the first request until {@link #release()}. */
  CallbackServer holdFirst() {
    holdNext.set(true);
    return this;
  }

  void awaitFirstRequest() throws InterruptedException {
    if (!firstArrived.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("no callback arrived");
    }
  }

  void release() {
    released.countDown();
  }

  synchronized List<Received> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange http) throws IOException {
    String body = new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    synchronized (this) {
      received.add(
          new Received(
              http.getRequestMethod(),
              http.getRequestURI().getRawPath(),
              http.getRequestURI().getRawQuery(),
              http.getRequestHeaders().getFirst("Authorization"),
              body));
    }
    firstArrived.countDown();
    if (holdNext.compareAndSet(true, false)) {
      try {
        released.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Answer answer = script.poll();
    int status = answer == null ? 204 : answer.status();
    if (answer != null) {
      answer.headers().forEach((k, v) -> http.getResponseHeaders().set(k, v));
    }
    http.sendResponseHeaders(status, -1);
    http.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
