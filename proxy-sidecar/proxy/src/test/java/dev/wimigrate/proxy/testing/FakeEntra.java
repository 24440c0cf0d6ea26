package dev.wimigrate.proxy.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A tiny Entra token endpoint for tests: records every request to {@code
 * /<tenant>/oauth2/v2.0/token} and answers with a token ({@code token-<n>}) or a scripted reply.
 */
public final class FakeEntra implements AutoCloseable {

  /** One request as received. */
  public record Received(
      String method, String path, String contentType, Map<String, String> form) {}

  /** What to answer. */
  public record Reply(int status, String body) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger issued = new AtomicInteger();
  private final AtomicReference<Function<Received, Reply>> responder = new AtomicReference<>();
  private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();

  public FakeEntra() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    reset();
    server.start();
  }

  /** The authority host, e.g. {@code http://127.0.0.1:12345/}. */
  public String authorityHost() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  /** Back to answering every request with a fresh one-hour token, nothing recorded. */
  public void reset() {
    received.clear();
    gate.set(null);
    responder.set(r -> tokenReply(3600));
  }

  public void respondWith(Function<Received, Reply> reply) {
    responder.set(reply);
  }

  /** Holds answers until the returned latch is counted down. */
  public CountDownLatch holdAnswers() {
    CountDownLatch latch = new CountDownLatch(1);
    gate.set(latch);
    return latch;
  }

  public Reply tokenReply(long expiresIn) {
    int n = issued.incrementAndGet();
    return new Reply(
        200,
        "{\"token_type\":\"Bearer\",\"expires_in\":"
            + expiresIn
            + ",\"ext_expires_in\":"
            + expiresIn
            + ",\"access_token\":\"token-"
            + n
            + "\"}");
  }

  public static Reply aadstsError(int status, String error, long code, String description) {
    return new Reply(
        status,
        "{\"error\":\""
            + error
            + "\",\"error_description\":\"AADSTS"
            + code
            + ": "
            + description
            + "\",\"error_codes\":["
            + code
            + "],\"timestamp\":\"2026-01-01 00:00:00Z\",\"trace_id\":\"t\",\"correlation_id\":\"c\"}");
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Received request =
        new Received(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            parseForm(body));
    received.add(request);
    CountDownLatch latch = gate.get();
    if (latch != null) {
      try {
        latch.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Reply reply =
        request.path().endsWith("/oauth2/v2.0/token")
            ? responder.get().apply(request)
            : new Reply(404, "{\"error\":\"not_found\"}");
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(reply.status(), bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static Map<String, String> parseForm(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return form;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      form.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return form;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
