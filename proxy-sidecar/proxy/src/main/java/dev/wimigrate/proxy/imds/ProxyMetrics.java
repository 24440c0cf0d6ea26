package dev.wimigrate.proxy.imds;

import dev.wimigrate.proxy.token.TokenCache;
import dev.wimigrate.proxy.token.TokenExchangeException;
import dev.wimigrate.proxy.token.TokenExchanger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The proxy's Prometheus metrics: {@code wimigrate_proxy_requests_total{path,result,status}},
 * {@code wimigrate_proxy_exchange_seconds{outcome}} and {@code
 * wimigrate_proxy_token_cache_total{result}}.
 */
@ApplicationScoped
public class ProxyMetrics {

  public static final String REQUESTS = "wimigrate.proxy.requests";
  public static final String EXCHANGE = "wimigrate.proxy.exchange";
  public static final String CACHE = "wimigrate.proxy.token.cache";

  /** Path tags are fixed names, never raw request paths (bounded cardinality). */
  public static final String PATH_TOKEN = "/metadata/identity/oauth2/token";

  public static final String PATH_FORWARDED = "/metadata/*";
  public static final String PATH_READYZ = "/readyz";

  /** What became of a request; a fixed, small set of tag values. */
  public enum Result {
    /** a token was served */
    SERVED("served"),
    /** refused by the proxy's own IMDS rules (400, 405) */
    REJECTED("rejected"),
    /** Entra refused the exchange (its 4xx passed on, e.g. AADSTS70021) */
    ENTRA_REFUSED("entra_refused"),
    /** Entra unreachable or failing, token file unreadable, IMDS unreachable (5xx) */
    FAILED("failed"),
    /** answered by the real IMDS (any status) */
    FORWARDED("forwarded"),
    /** {@code /readyz} */
    READY("ready");

    private final String tag;

    Result(String tag) {
      this.tag = tag;
    }

    public String tag() {
      return tag;
    }

    /** How a failed token request is counted. */
    public static Result ofTokenError(ImdsError error, boolean fromEntra) {
      if (error.status() >= 500) {
        return FAILED;
      }
      return fromEntra ? ENTRA_REFUSED : REJECTED;
    }
  }

  private final MeterRegistry registry;

  @Inject
  public ProxyMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void request(String path, Result result, int status) {
    Counter.builder(REQUESTS)
        .description("IMDS requests answered by the proxy, by path, result and HTTP status")
        .tag("path", path)
        .tag("result", result.tag())
        .tag("status", Integer.toString(status))
        .register(registry)
        .increment();
  }

  /** Times every exchange with Entra, tagged with its outcome. */
  public TokenExchanger timed(TokenExchanger delegate) {
    return request -> {
      Timer.Sample sample = Timer.start(registry);
      String outcome = "error";
      try {
        var token = delegate.exchange(request);
        outcome = "success";
        return token;
      } catch (TokenExchangeException e) {
        outcome = e.status() >= 500 ? "error" : "rejected";
        throw e;
      } finally {
        sample.stop(
            Timer.builder(EXCHANGE)
                .description("Latency of token exchanges with Entra")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry));
      }
    };
  }

  public TokenCache.Observer cacheObserver() {
    Counter hits = cacheCounter("hit");
    Counter misses = cacheCounter("miss");
    return new TokenCache.Observer() {
      @Override
      public void hit() {
        hits.increment();
      }

      @Override
      public void miss() {
        misses.increment();
      }
    };
  }

  private Counter cacheCounter(String result) {
    return Counter.builder(CACHE)
        .description("Token cache lookups by result")
        .tag("result", result)
        .register(registry);
  }
}
