package dev.wimigrate.proxy.imds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wimigrate.proxy.config.ProxySettings;
import dev.wimigrate.proxy.token.AccessToken;
import dev.wimigrate.proxy.token.TokenCache;
import dev.wimigrate.proxy.token.TokenExchangeException;
import dev.wimigrate.proxy.token.TokenRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The IMDS listener's routes, in the reference's order: the token path (first segment
 * case-insensitive, prefix match), {@code /readyz}, then other {@code /metadata} paths forwarded to
 * the real IMDS. Everything else ({@code /q/health}, {@code /q/metrics}) is Quarkus'.
 */
@ApplicationScoped
public class ImdsRoutes {

  private static final Logger LOG = Logger.getLogger(ImdsRoutes.class);
  static final String JSON = "application/json; charset=utf-8";

  private final ProxySettings settings;
  private final TokenCache cache;
  private final ImdsForwarder forwarder;
  private final ProxyMetrics metrics;
  private final ObjectMapper json;
  private final Clock clock;

  @Inject
  public ImdsRoutes(
      ProxySettings settings,
      TokenCache cache,
      ImdsForwarder forwarder,
      ProxyMetrics metrics,
      ObjectMapper json,
      Clock clock) {
    this.settings = settings;
    this.cache = cache;
    this.forwarder = forwarder;
    this.metrics = metrics;
    this.json = json;
    this.clock = clock;
  }

  void register(@Observes Router router) {
    router
        .routeWithRegex("^/(?i:metadata)/identity/oauth2/token.*")
        .order(-300)
        .blockingHandler(this::token, false);
    router.route("/readyz*").order(-200).handler(this::readyz);
    router
        .routeWithRegex("^/(?i:metadata)(/.*)?$")
        .order(-100)
        .handler(BodyHandler.create(false).setBodyLimit(1024 * 1024))
        .blockingHandler(this::forward, false);
  }

  void readyz(RoutingContext ctx) {
    metrics.request(ProxyMetrics.PATH_READYZ, ProxyMetrics.Result.READY, 200);
    ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end("ok");
  }

  void token(RoutingContext ctx) {
    if (ctx.request().method() != HttpMethod.GET) {
      ctx.response().putHeader("Allow", "GET");
      error(
          ctx,
          new ImdsError(
              405,
              "invalid_request",
              "Method " + ctx.request().method() + " is not allowed on the token endpoint, use GET",
              List.of()));
      return;
    }
    Map<String, List<String>> params =
        new QueryStringDecoder(ctx.request().uri(), StandardCharsets.UTF_8, true, 64, true)
            .parameters(); // ';' is part of a value, as in IMDS, not a separator
    ImdsTokenQuery query =
        new ImdsTokenQuery(
            params,
            Optional.ofNullable(ctx.request().getHeader("Metadata")),
            ctx.request().getHeader("X-Forwarded-For") != null);
    TokenRequestResolver.Resolution resolution = TokenRequestResolver.resolve(query, settings);
    if (resolution instanceof TokenRequestResolver.Rejected rejected) {
      LOG.infof("token request rejected: %s", rejected.error().description());
      error(ctx, rejected.error());
      return;
    }
    TokenRequest request = ((TokenRequestResolver.Resolved) resolution).request();
    try {
      AccessToken token = cache.get(request);
      ImdsTokenResponse body = ImdsTokenResponse.of(token, request, clock.instant());
      LOG.debugf(
          "token for client_id %s scope %s served, expires_on %s",
          request.clientId(), request.scope(), body.expiresOn());
      // counted before the answer is sent, so a client that reads the metrics next sees it
      metrics.request(ProxyMetrics.PATH_TOKEN, ProxyMetrics.Result.SERVED, 200);
      write(ctx, 200, body);
    } catch (TokenExchangeException e) {
      LOG.warnf(
          "token exchange for client_id %s scope %s failed: %d %s %s",
          request.clientId(), request.scope(), e.status(), e.error(), e.description());
      ImdsError error = ImdsError.of(e);
      error(ctx, error, ProxyMetrics.PATH_TOKEN, ProxyMetrics.Result.ofTokenError(error, true));
    }
  }

  void forward(RoutingContext ctx) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    ctx.request().headers().forEach(h -> headers.add(Map.entry(h.getKey(), h.getValue())));
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    try {
      ImdsForwarder.Answer answer =
          forwarder.forward(
              ctx.request().method().name(),
              ctx.request().uri(),
              headers,
              body == null ? null : body.getBytes());
      metrics.request(ProxyMetrics.PATH_FORWARDED, ProxyMetrics.Result.FORWARDED, answer.status());
      HttpServerResponse response = ctx.response().setStatusCode(answer.status());
      answer.headers().forEach(h -> response.headers().add(h.getKey(), h.getValue()));
      response.end(Buffer.buffer(answer.body()));
    } catch (IOException e) {
      LOG.warnf("forwarding %s to IMDS failed: %s", ctx.request().path(), e.toString());
      error(
          ctx,
          new ImdsError(
              502,
              "server_error",
              "the instance metadata service at "
                  + forwarder.imdsEndpoint()
                  + " could not be reached ("
                  + e.getClass().getSimpleName()
                  + ")",
              List.of()),
          ProxyMetrics.PATH_FORWARDED,
          ProxyMetrics.Result.FAILED);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ctx.fail(503, e);
    }
  }

  /** A token request refused by the proxy's own rules. */
  private void error(RoutingContext ctx, ImdsError error) {
    error(ctx, error, ProxyMetrics.PATH_TOKEN, ProxyMetrics.Result.ofTokenError(error, false));
  }

  private void error(
      RoutingContext ctx, ImdsError error, String metricPath, ProxyMetrics.Result result) {
    metrics.request(metricPath, result, error.status());
    write(ctx, error.status(), error);
  }

  private void write(RoutingContext ctx, int status, Object body) {
    String text;
    try {
      text = json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      ctx.fail(500, e);
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", JSON)
        .end(Buffer.buffer(text.getBytes(StandardCharsets.UTF_8)));
  }
}
