package dev.wimigrate.inventory.ticketing;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The CDI wiring of the plain ticketing classes from {@link TicketingConfig}; a bad setting stops
 * the start with a message naming the key.
 */
@ApplicationScoped
public class TicketingProducers {

  private static final Logger LOG = Logger.getLogger(TicketingProducers.class);
  private static final String PREFIX = "wimigrate.ticketing.";

  @Produces
  @Singleton
  TicketSources ticketSources(TicketingConfig config) {
    List<TicketSources.TicketSource> enabled = new ArrayList<>();
    source(config.generic(), new GenericPayloadAdapter(), SignatureScheme.WIMIGRATE)
        .ifPresent(enabled::add);
    TicketingConfig.Fields f = config.jira().fields();
    JiraSettings jira =
        new JiraSettings(
            url(JiraPayloadAdapter.SYSTEM, config.jira()).orElse(null),
            f.cluster(),
            f.namespace(),
            f.workloads(),
            f.labels(),
            f.mode());
    source(config.jira(), new JiraPayloadAdapter(jira), SignatureScheme.HUB)
        .ifPresent(enabled::add);
    ServiceNowSettings servicenow =
        new ServiceNowSettings(
            url(ServiceNowPayloadAdapter.SYSTEM, config.servicenow()).orElse(null));
    source(
            config.servicenow(),
            new ServiceNowPayloadAdapter(servicenow),
            SignatureScheme.SERVICENOW)
        .ifPresent(enabled::add);
    return new TicketSources(
        List.of(
            GenericPayloadAdapter.SYSTEM,
            JiraPayloadAdapter.SYSTEM,
            ServiceNowPayloadAdapter.SYSTEM),
        enabled);
  }

  @Produces
  @Singleton
  WebhookSignatures webhookSignatures(TicketingConfig config) {
    return new WebhookSignatures(Clock.systemUTC(), config.signatureTolerance());
  }

  @Produces
  @Singleton
  TicketCallbacks ticketCallbacks(TicketingConfig config, MeterRegistry metrics) {
    Map<String, CallbackCredentials> credentials = new LinkedHashMap<>();
    credentials(GenericPayloadAdapter.SYSTEM, config.generic())
        .ifPresent(c -> credentials.put(GenericPayloadAdapter.SYSTEM, c));
    credentials(JiraPayloadAdapter.SYSTEM, config.jira())
        .ifPresent(c -> credentials.put(JiraPayloadAdapter.SYSTEM, c));
    credentials(ServiceNowPayloadAdapter.SYSTEM, config.servicenow())
        .ifPresent(c -> credentials.put(ServiceNowPayloadAdapter.SYSTEM, c));
    TicketingConfig.Callbacks c = config.callbacks();
    CallbackSettings settings =
        new CallbackSettings(
            c.queueCapacity(),
            c.workers(),
            c.maxAttempts(),
            c.firstDelay(),
            c.maxDelay(),
            c.maxRetryAfter(),
            c.timeout(),
            credentials);
    return new TicketCallbacks(
        settings, TicketCallbacks.httpClient(settings), metrics, Clock.systemUTC(), Sleeper.real());
  }

  void closeCallbacks(@Disposes TicketCallbacks callbacks) {
    callbacks.close();
  }

  void logWebhooks(@Observes StartupEvent start, TicketSources sources) {
    LOG.infof(
        "ticket webhooks enabled: %s; disabled (no secret): %s",
        sources.enabledSystems().isEmpty() ? "none" : String.join(", ", sources.enabledSystems()),
        sources.disabledSystems().isEmpty()
            ? "none"
            : String.join(", ", sources.disabledSystems()));
  }

  private static Optional<TicketSources.TicketSource> source(
      TicketingConfig.Source config, TicketPayloadAdapter adapter, SignatureScheme scheme) {
    return config
        .secret()
        .filter(s -> !s.isBlank())
        .map(
            secret ->
                new TicketSources.TicketSource(
                    adapter, scheme, secret.getBytes(StandardCharsets.UTF_8)));
  }

  private static Optional<URI> url(String system, TicketingConfig.Source config) {
    return config.baseUrl().filter(s -> !s.isBlank()).map(value -> parseUrl(system, value));
  }

  static URI parseUrl(String system, String value) {
    try {
      URI uri = new URI(value.trim());
      if (uri.getHost() == null
          || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
        throw new URISyntaxException(value, "not an absolute http(s) URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          PREFIX + system + ".base-url must be an absolute http(s) URL, got '" + value + "'");
    }
  }

  static Optional<CallbackCredentials> credentials(String system, TicketingConfig.Source config) {
    TicketingConfig.Callback callback = config.callback();
    Optional<String> token = callback.bearerToken().filter(s -> !s.isBlank());
    Optional<String> user = callback.username().filter(s -> !s.isBlank());
    Optional<String> password = callback.password().filter(s -> !s.isBlank());
    if (token.isEmpty() && user.isEmpty() && password.isEmpty()) {
      return Optional.empty();
    }
    String key = PREFIX + system + ".callback.";
    if (token.isPresent() && (user.isPresent() || password.isPresent())) {
      throw new IllegalArgumentException(
          key + "bearer-token and " + key + "username/password exclude each other: set one");
    }
    if (token.isEmpty() && (user.isEmpty() || password.isEmpty())) {
      throw new IllegalArgumentException(key + "username and " + key + "password go together");
    }
    URI base =
        url(system, config)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        key
                            + "* needs "
                            + PREFIX
                            + system
                            + ".base-url: credentials are only sent to URLs under it"));
    return Optional.of(
        token.isPresent()
            ? CallbackCredentials.bearer(base, token.get())
            : CallbackCredentials.basic(base, user.get(), password.get()));
  }
}
