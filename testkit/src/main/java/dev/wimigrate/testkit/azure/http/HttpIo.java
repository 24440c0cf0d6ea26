package dev.wimigrate.testkit.azure.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Small helpers for the JDK HTTP server: bodies, query strings, forms and JSON answers. */
public final class HttpIo {

  public static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 1 << 20;

  private HttpIo() {}

  public static byte[] body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw new IOException("request body too large");
      }
      return bytes;
    }
  }

  /** Decodes {@code a=b&c=d} (query strings and form bodies); the first value of a name wins. */
  public static Map<String, String> decodeForm(String encoded) {
    Map<String, String> values = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return values;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      values.putIfAbsent(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }

  /**
   * The request's raw path with repeated slashes collapsed. The Azure SDK joins its endpoint
   * ({@code https://host/}) and a scope ({@code /subscriptions/…}) into {@code //subscriptions/…},
   * which ARM accepts but {@link java.net.URI} reads as an authority ({@code subscriptions}) plus a
   * shorter path; this puts the authority back.
   */
  public static String rawPath(HttpExchange exchange) {
    java.net.URI uri = exchange.getRequestURI();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (uri.getScheme() == null && uri.getRawAuthority() != null) {
      path = "/" + uri.getRawAuthority() + path;
    }
    return path.replaceAll("/{2,}", "/");
  }

  public static Map<String, String> query(HttpExchange exchange) {
    return decodeForm(exchange.getRequestURI().getRawQuery());
  }

  public static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    send(exchange, status, bytes);
  }

  /**
   * Exchanges whose answer must not reach the client: the request takes effect, then the connection
   * is closed without a response (a fault the emulator injects). Kept here, not in exchange
   * attributes: the JDK server stores those per context, so they would leak to later requests.
   */
  private static final Set<HttpExchange> DROP_ANSWER = ConcurrentHashMap.newKeySet();

  /** The answer to this exchange will be dropped instead of sent. */
  public static void dropAnswer(HttpExchange exchange) {
    DROP_ANSWER.add(exchange);
  }

  /** Forgets a drop mark that was not used (the exchange ended another way). */
  public static void forget(HttpExchange exchange) {
    DROP_ANSWER.remove(exchange);
  }

  public static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
    if (DROP_ANSWER.remove(exchange)) {
      dropConnection(exchange);
      return;
    }
    boolean empty = bytes.length == 0 || status == 204;
    exchange.sendResponseHeaders(status, empty ? -1 : bytes.length);
    if (!empty) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
    exchange.close();
  }

  /**
   * Closes the connection without any answer: the JDK server closes the socket when an exchange is
   * closed before its response headers were sent.
   */
  public static void dropConnection(HttpExchange exchange) {
    exchange.close();
  }
}
