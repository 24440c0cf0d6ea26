package dev.wimigrate.proxy.imds;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Forwards non-token IMDS calls ({@code /metadata/instance}, ...) to the real IMDS with method,
 * path, query, headers and body, and hands back status, headers and body.
 */
public final class ImdsForwarder {

  /** Hop-by-hop headers and those the JDK client sets itself. */
  static final Set<String> NOT_FORWARDED =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "host",
          "content-length",
          "expect",
          "http2-settings");

  /** What the real IMDS answered. */
  public record Answer(int status, List<Map.Entry<String, String>> headers, byte[] body) {}

  private final HttpClient http;
  private final URI imdsEndpoint;
  private final Duration timeout;

  public ImdsForwarder(HttpClient http, URI imdsEndpoint, Duration timeout) {
    this.http = http;
    this.imdsEndpoint = imdsEndpoint;
    this.timeout = timeout;
  }

  public URI imdsEndpoint() {
    return imdsEndpoint;
  }

  /**
   * @param pathAndQuery the raw request URI path plus {@code ?query}
   * @throws IOException when IMDS cannot be reached
   */
  public Answer forward(
      String method, String pathAndQuery, List<Map.Entry<String, String>> headers, byte[] body)
      throws IOException, InterruptedException {
    URI target = URI.create(imdsEndpoint + pathAndQuery);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(timeout)
            .method(
                method,
                body == null || body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, String> header : headers) {
      if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        request.header(header.getKey(), header.getValue());
      }
    }
    HttpResponse<byte[]> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    List<Map.Entry<String, String>> answerHeaders = new ArrayList<>();
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!name.startsWith(":") && !NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> answerHeaders.add(Map.entry(name, v)));
              }
            });
    return new Answer(response.statusCode(), answerHeaders, response.body());
  }
}
