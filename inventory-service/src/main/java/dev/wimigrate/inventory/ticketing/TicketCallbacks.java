package dev.wimigrate.inventory.ticketing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.wimigrate.events.migration.TicketRef;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Tells a ticket how its migration is going: each {@link #notify} becomes one HTTP request to the
 * ticket's {@code callbackUrl}, delivered in the background so callers never wait.
 *
 * <ul>
 *   <li>Shape by system: Jira gets a comment ({@code POST {"body": "…"}}), ServiceNow a work note
 *       on the change request ({@code PATCH {"work_notes": "…"}}; the Table API updates a record
 *       with PATCH), anything else wimigrate's JSON ({@code POST {"migrationId", "phase", "ticket",
 *       "summary", "at"}}).
 *   <li>Order: one ticket's notifications are delivered one at a time in the order given, so a
 *       later phase never overtakes an earlier one; different tickets go in parallel.
 *   <li>Retries: I/O failures, 408, 425, 429 and 5xx are retried with exponential backoff, and
 *       {@code Retry-After} (seconds or a date) is honoured on 429 and 503; other 4xx fail at once.
 *   <li>Bounded: at most {@link CallbackSettings#queueCapacity()} wait; when full the oldest is
 *       dropped and counted.
 *   <li>Metrics: {@code wimigrate_ticket_callbacks_total{system, outcome}} with outcome {@code
 *       delivered}, {@code retried} (per retry), {@code failed} or {@code dropped}; {@code system}
 *       is {@code jira}, {@code servicenow} or {@code generic}, so a payload cannot invent tags.
 * </ul>
 *
 * Credentials are sent only to URLs under their system's base URL; log lines name the ticket, the
 * phase and the URL without query or user info, never a header.
 */
public final class TicketCallbacks implements AutoCloseable {

  public static final String METRIC = "wimigrate_ticket_callbacks_total";
  static final String JIRA = JiraPayloadAdapter.SYSTEM;
  static final String SERVICENOW = ServiceNowPayloadAdapter.SYSTEM;
  static final String GENERIC = GenericPayloadAdapter.SYSTEM;

  private static final Logger LOG = Logger.getLogger(TicketCallbacks.class);
  private static final Set<Integer> RETRYABLE = Set.of(408, 425, 429, 500, 502, 503, 504);
  private static final Set<Integer> HONOURS_RETRY_AFTER = Set.of(429, 503);
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

  private final CallbackSettings settings;
  private final HttpClient http;
  private final MeterRegistry metrics;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ObjectMapper json =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();
  private final ExecutorService workers;

  private final Object lock = new Object();
  private final Deque<Notification> pending = new ArrayDeque<>();
  private final Set<String> busyTickets = new HashSet<>();
  private boolean closed;

  /** One status update, rendered when it was given (the caller's map may change later). */
  private record Notification(
      TicketRef ticket, String kind, String migrationId, String phase, String method, byte[] body) {

    String ticketKey() {
      return ticket.system() + "\u0000" + ticket.id();
    }

    String describe() {
      return ticket.system()
          + " ticket "
          + ticket.id()
          + " (migration "
          + migrationId
          + ", phase "
          + phase
          + ")";
    }
  }

  private record Attempt(int status, String problem, Duration retryAfter) {
    boolean delivered() {
      return status >= 200 && status < 300;
    }

    boolean retryable() {
      return status == 0 || RETRYABLE.contains(status);
    }
  }

  public TicketCallbacks(
      CallbackSettings settings,
      HttpClient http,
      MeterRegistry metrics,
      Clock clock,
      Sleeper sleeper) {
    this.settings = settings;
    this.http = http;
    this.metrics = metrics;
    this.clock = clock;
    this.sleeper = sleeper;
    AtomicInteger threads = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            settings.workers(),
            r -> {
              Thread t = new Thread(r, "ticket-callbacks-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    for (int i = 0; i < settings.workers(); i++) {
      workers.execute(this::work);
    }
  }

  /** An HTTP client for callbacks: its own connect timeout, redirects not followed. */
  public static HttpClient httpClient(CallbackSettings settings) {
    return HttpClient.newBuilder()
        .connectTimeout(settings.requestTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * Queues a status update for the ticket and returns at once; does nothing when the ticket has no
   * callback URL.
   *
   * @param phase the migration's new phase, e.g. {@code PLANNED}, {@code COMPLETED}
   * @param summary what to report with it (counts, reasons); values must be JSON-serialisable
   */
  public void notify(
      TicketRef ticket, String migrationId, String phase, Map<String, Object> summary) {
    Objects.requireNonNull(ticket, "ticket");
    Objects.requireNonNull(migrationId, "migrationId");
    Objects.requireNonNull(phase, "phase");
    Map<String, Object> copy =
        summary == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(summary));
    if (ticket.callbackUrl() == null) {
      LOG.debugf(
          "no callback URL on %s ticket %s; phase %s not reported",
          ticket.system(), ticket.id(), phase);
      return;
    }
    String kind = kind(ticket.system());
    Notification notification =
        new Notification(
            ticket,
            kind,
            migrationId,
            phase,
            SERVICENOW.equals(kind) ? "PATCH" : "POST",
            body(kind, ticket, migrationId, phase, copy));
    Notification dropped = null;
    String reason = null;
    synchronized (lock) {
      if (closed) {
        dropped = notification;
        reason = "shutting down";
      } else {
        if (pending.size() >= settings.queueCapacity()) {
          dropped = pending.pollFirst();
          reason = "queue full (" + settings.queueCapacity() + " pending)";
        }
        pending.addLast(notification);
        lock.notifyAll();
      }
    }
    if (dropped != null) {
      count(dropped.kind(), "dropped");
      LOG.warnf("ticket callback dropped for %s: %s", dropped.describe(), reason);
    }
  }

  /** Notifications waiting (not counting those being delivered). */
  public int pending() {
    synchronized (lock) {
      return pending.size();
    }
  }

  /** Stops taking notifications; waits briefly for deliveries under way, then interrupts them. */
  @Override
  public void close() {
    int left;
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    workers.shutdown();
    try {
      if (!workers.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    synchronized (lock) {
      left = pending.size();
      pending.forEach(n -> count(n.kind(), "dropped"));
      pending.clear();
    }
    if (left > 0) {
      LOG.warnf("%d ticket callbacks not delivered at shutdown", left);
    }
  }

  // ---------------------------------------------------------------- delivery

  private void work() {
    while (true) {
      Notification next;
      synchronized (lock) {
        while ((next = takeNext()) == null) {
          if (closed && pending.isEmpty()) {
            return;
          }
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        busyTickets.add(next.ticketKey());
      }
      try {
        deliver(next);
      } catch (RuntimeException e) {
        count(next.kind(), "failed");
        LOG.errorf("ticket callback for %s failed: %s", next.describe(), e.getClass().getName());
      } finally {
        synchronized (lock) {
          busyTickets.remove(next.ticketKey());
          lock.notifyAll();
        }
      }
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
    }
  }

  /** The oldest notification whose ticket has no delivery under way; keeps per-ticket order. */
  private Notification takeNext() {
    for (Iterator<Notification> it = pending.iterator(); it.hasNext(); ) {
      Notification n = it.next();
      if (!busyTickets.contains(n.ticketKey())) {
        it.remove();
        return n;
      }
    }
    return null;
  }

  private void deliver(Notification n) {
    URI url = n.ticket().callbackUrl();
    HttpRequest request = request(n, url);
    for (int attempt = 1; ; attempt++) {
      Attempt result = send(request);
      if (result.delivered()) {
        count(n.kind(), "delivered");
        LOG.debugf("ticket callback delivered for %s to %s", n.describe(), loggable(url));
        return;
      }
      if (!result.retryable()) {
        count(n.kind(), "failed");
        LOG.warnf(
            "ticket callback for %s to %s failed: %s (not retried)",
            n.describe(), loggable(url), result.problem());
        return;
      }
      if (attempt >= settings.maxAttempts()) {
        count(n.kind(), "failed");
        LOG.warnf(
            "ticket callback for %s to %s failed after %d attempts, the last: %s",
            n.describe(), loggable(url), attempt, result.problem());
        return;
      }
      Duration pause =
          result.retryAfter() != null
              ? min(result.retryAfter(), settings.maxRetryAfter())
              : settings.backoff(attempt);
      count(n.kind(), "retried");
      LOG.infof(
          "ticket callback for %s: attempt %d failed (%s), retrying in %s",
          n.describe(), attempt, result.problem(), pause);
      try {
        sleeper.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        count(n.kind(), "dropped");
        LOG.warnf("ticket callback for %s dropped: shutting down", n.describe());
        return;
      }
    }
  }

  private HttpRequest request(Notification n, URI url) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(settings.requestTimeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .method(n.method(), HttpRequest.BodyPublishers.ofByteArray(n.body()));
    CallbackCredentials credentials = settings.credentials().get(n.kind());
    if (credentials != null && credentials.appliesTo(url)) {
      request.header("Authorization", credentials.authorization());
    }
    return request.build();
  }

  private Attempt send(HttpRequest request) {
    HttpResponse<Void> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      return new Attempt(0, "no answer: " + e.getClass().getSimpleName(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Attempt(0, "interrupted", null);
    }
    int status = response.statusCode();
    Duration retryAfter =
        HONOURS_RETRY_AFTER.contains(status)
            ? response.headers().firstValue("Retry-After").map(this::retryAfter).orElse(null)
            : null;
    return new Attempt(status, "HTTP " + status, retryAfter);
  }

  /** Retry-After as delta seconds or an HTTP date; unreadable values are ignored. */
  Duration retryAfter(String value) {
    String v = value.trim();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(clock.instant(), at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  // ---------------------------------------------------------------- bodies

  static String kind(String system) {
    String s = system.toLowerCase(Locale.ROOT);
    return JIRA.equals(s) || SERVICENOW.equals(s) ? s : GENERIC;
  }

  private byte[] body(
      String kind,
      TicketRef ticket,
      String migrationId,
      String phase,
      Map<String, Object> summary) {
    Map<String, Object> body = new LinkedHashMap<>();
    switch (kind) {
      case JIRA -> body.put("body", text(migrationId, phase, summary));
      case SERVICENOW -> body.put("work_notes", text(migrationId, phase, summary));
      default -> {
        body.put("migrationId", migrationId);
        body.put("phase", phase);
        body.put("ticket", Map.of("system", ticket.system(), "id", ticket.id()));
        body.put("summary", summary);
        body.put("at", clock.instant());
      }
    }
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the summary of migration " + migrationId + " is not JSON-serialisable", e);
    }
  }

  /** The comment or work note: a headline, then one {@code key: value} line per summary entry. */
  private String text(String migrationId, String phase, Map<String, Object> summary) {
    String lines =
        summary.entrySet().stream()
            .map(e -> e.getKey() + ": " + value(e.getValue()))
            .collect(Collectors.joining("\n"));
    return "wimigrate migration "
        + migrationId
        + ": "
        + phase
        + (lines.isEmpty() ? "" : "\n" + lines);
  }

  private String value(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean) {
      return String.valueOf(value);
    }
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("summary value is not JSON-serialisable", e);
    }
  }

  // ---------------------------------------------------------------- helpers

  private void count(String kind, String outcome) {
    metrics.counter(METRIC, "system", kind, "outcome", outcome).increment();
  }

  /** The URL without user info or query, which may carry credentials. */
  static String loggable(URI url) {
    return url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() >= 0 ? ":" + url.getPort() : "")
        + (url.getRawPath() == null ? "" : url.getRawPath());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
