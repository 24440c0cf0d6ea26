package dev.wimigrate.inventory.ticketing;

import static dev.wimigrate.inventory.ticketing.CallbackServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wimigrate.events.migration.TicketRef;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Callbacks to a real HTTP server on loopback; pauses are recorded, not slept. */
class TicketCallbacksTest {

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  final CallbackServer server = new CallbackServer();
  final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  final List<Duration> pauses = new CopyOnWriteArrayList<>();
  final ObjectMapper json = new ObjectMapper();
  TicketCallbacks callbacks;

  TicketCallbacks start(int queueCapacity, int workers, Map<String, CallbackCredentials> creds) {
    CallbackSettings settings =
        new CallbackSettings(
            queueCapacity,
            workers,
            6,
            Duration.ofSeconds(1),
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            Duration.ofSeconds(5),
            creds);
    callbacks =
        new TicketCallbacks(
            settings,
            TicketCallbacks.httpClient(settings),
            metrics,
            Clock.fixed(NOW, ZoneOffset.UTC),
            pauses::add);
    return callbacks;
  }

  TicketCallbacks start() {
    return start(100, 2, Map.of());
  }

  @AfterEach
  void stop() {
    if (callbacks != null) {
      callbacks.close();
    }
    server.close();
  }

  double count(String system, String outcome) {
    return metrics.counter(TicketCallbacks.METRIC, "system", system, "outcome", outcome).count();
  }

  TicketRef jira(String key) {
    return new TicketRef("jira", key, server.url("/rest/api/2/issue/" + key + "/comment"));
  }

  static Map<String, Object> summary(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  @Test
  void aJiraUpdateBecomesACommentSentWithTheConfiguredBasicCredentials() throws Exception {
    start(100, 2, Map.of("jira", CallbackCredentials.basic(server.url("/"), "bot", "pw-1")));

    callbacks.notify(jira("OPS-1"), "m-1", "PLANNED", summary("workloads", 3, "blocked", 0));

    await().untilAsserted(() -> assertThat(count("jira", "delivered")).isEqualTo(1));
    CallbackServer.Received request = server.received().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/rest/api/2/issue/OPS-1/comment");
    assertThat(request.authorization())
        .isEqualTo(
            "Basic "
                + Base64.getEncoder().encodeToString("bot:pw-1".getBytes(StandardCharsets.UTF_8)));
    assertThat(json.readTree(request.body()))
        .isEqualTo(
            json.readTree(
                "{\"body\": \"wimigrate migration m-1: PLANNED\\nworkloads: 3\\nblocked: 0\"}"));
  }

  @Test
  void aServiceNowUpdateIsAWorkNotePatchedOntoTheChangeRequest() throws Exception {
    start(100, 2, Map.of("servicenow", CallbackCredentials.bearer(server.url("/api"), "tok-1")));
    TicketRef ticket =
        new TicketRef("servicenow", "CHG0030001", server.url("/api/now/table/change_request/9d38"));

    callbacks.notify(ticket, "m-2", "COMPLETED", summary("migrated", List.of("shop/cart")));

    await().untilAsserted(() -> assertThat(count("servicenow", "delivered")).isEqualTo(1));
    CallbackServer.Received request = server.received().get(0);
    assertThat(request.method()).isEqualTo("PATCH");
    assertThat(request.authorization()).isEqualTo("Bearer tok-1");
    assertThat(json.readTree(request.body()))
        .isEqualTo(
            json.readTree(
                "{\"work_notes\": \"wimigrate migration m-2: COMPLETED\\nmigrated: [\\\"shop/cart\\\"]\"}"));
  }

  @Test
  void anotherSystemGetsWimigratesJsonAndCredentialsOnlyUnderTheirBaseUrl() throws Exception {
    start(100, 2, Map.of("generic", CallbackCredentials.bearer(server.url("/trusted"), "tok-g")));
    TicketRef inside = new TicketRef("github", "ops#1", server.url("/trusted/hooks/1"));
    TicketRef outside = new TicketRef("github", "ops#2", server.url("/trusted-not/hooks/2"));

    callbacks.notify(inside, "m-3", "VERIFYING", summary("wave", 1));
    callbacks.notify(outside, "m-4", "VERIFYING", Map.of());

    await().untilAsserted(() -> assertThat(count("generic", "delivered")).isEqualTo(2));
    Map<String, CallbackServer.Received> byPath = new LinkedHashMap<>();
    server.received().forEach(r -> byPath.put(r.path(), r));
    assertThat(byPath.get("/trusted/hooks/1").authorization()).isEqualTo("Bearer tok-g");
    assertThat(byPath.get("/trusted-not/hooks/2").authorization()).isNull();
    JsonNode body = json.readTree(byPath.get("/trusted/hooks/1").body());
    assertThat(body)
        .isEqualTo(
            json.readTree(
                """
                {"migrationId": "m-3", "phase": "VERIFYING",
                 "ticket": {"system": "github", "id": "ops#1"},
                 "summary": {"wave": 1}, "at": "2026-03-01T12:00:00Z"}
                """));
  }

  @Test
  void a503IsRetriedAfterThePauseItsRetryAfterAsksFor() {
    start();
    server.answer(status(503, "Retry-After", "7"));

    callbacks.notify(jira("OPS-2"), "m-5", "PLANNED", Map.of());

    await().untilAsserted(() -> assertThat(count("jira", "delivered")).isEqualTo(1));
    assertThat(server.received()).hasSize(2);
    assertThat(pauses).containsExactly(Duration.ofSeconds(7));
    assertThat(count("jira", "retried")).isEqualTo(1);
  }

  @Test
  void a429WithAnHttpDateWaitsUntilThatDate() {
    start();
    server.answer(status(429, "Retry-After", "Sun, 01 Mar 2026 12:00:30 GMT"));

    callbacks.notify(jira("OPS-3"), "m-6", "PLANNED", Map.of());

    await().untilAsserted(() -> assertThat(count("jira", "delivered")).isEqualTo(1));
    assertThat(pauses).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void serverErrorsBackOffExponentiallyUntilTheAttemptsRunOut() {
    start();
    server.answer(
        status(500), status(502), status(503), status(504), status(500), status(500), status(204));

    callbacks.notify(jira("OPS-4"), "m-7", "PLANNED", Map.of());

    await().untilAsserted(() -> assertThat(count("jira", "failed")).isEqualTo(1));
    assertThat(server.received()).hasSize(6);
    assertThat(pauses)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16));
    assertThat(count("jira", "retried")).isEqualTo(5);
    assertThat(count("jira", "delivered")).isZero();
  }

  @Test
  void aPermanent400FailsAtOnceWithoutRetrying() {
    start();
    server.answer(status(400));

    callbacks.notify(jira("OPS-5"), "m-8", "PLANNED", Map.of());

    await().untilAsserted(() -> assertThat(count("jira", "failed")).isEqualTo(1));
    assertThat(server.received()).hasSize(1);
    assertThat(pauses).isEmpty();
    assertThat(count("jira", "retried")).isZero();
  }

  @Test
  void anUnreachableServerIsRetriedAsNoAnswer() {
    start();
    TicketRef ticket = new TicketRef("jira", "OPS-9", URI.create("http://127.0.0.1:1/comment"));

    callbacks.notify(ticket, "m-9", "PLANNED", Map.of());

    await().untilAsserted(() -> assertThat(count("jira", "failed")).isEqualTo(1));
    assertThat(count("jira", "retried")).isEqualTo(5);
  }

  @Test
  void oneTicketsPhasesArriveInOrderEvenWhenAnEarlierOneIsRetried() {
    start(100, 4, Map.of());
    server.answer(status(503, "Retry-After", "0"));
    List<String> phases = List.of("PLANNED", "IDENTITIES", "CREDENTIALS", "SWITCHED", "COMPLETED");

    phases.forEach(p -> callbacks.notify(jira("OPS-6"), "m-10", p, Map.of()));

    await().untilAsserted(() -> assertThat(count("jira", "delivered")).isEqualTo(5));
    assertThat(server.received())
        .extracting(r -> r.body().replaceAll(".*m-10: (\\w+).*", "$1"))
        .containsExactly(
            "PLANNED", "PLANNED", "IDENTITIES", "CREDENTIALS", "SWITCHED", "COMPLETED");
  }

  @Test
  void whenTheQueueIsFullTheOldestWaitingUpdateIsDroppedAndCounted() throws Exception {
    start(2, 1, Map.of());
    server.holdFirst();
    callbacks.notify(jira("OPS-10"), "m-11", "PLANNED", Map.of());
    server.awaitFirstRequest(); // the only worker is now busy with OPS-10

    callbacks.notify(jira("OPS-11"), "m-12", "PLANNED", Map.of());
    callbacks.notify(jira("OPS-12"), "m-13", "PLANNED", Map.of());
    callbacks.notify(jira("OPS-13"), "m-14", "PLANNED", Map.of()); // pushes out OPS-11

    assertThat(count("jira", "dropped")).isEqualTo(1);
    assertThat(callbacks.pending()).isEqualTo(2);
    server.release();
    await().untilAsserted(() -> assertThat(count("jira", "delivered")).isEqualTo(3));
    assertThat(server.received())
        .extracting(CallbackServer.Received::path)
        .containsExactly(
            "/rest/api/2/issue/OPS-10/comment",
            "/rest/api/2/issue/OPS-12/comment",
            "/rest/api/2/issue/OPS-13/comment");
  }

  @Test
  void aTicketWithoutCallbackUrlIsNotContacted() {
    start();

    callbacks.notify(new TicketRef("jira", "OPS-14", null), "m-15", "PLANNED", Map.of());
    callbacks.notify(jira("OPS-15"), "m-16", "PLANNED", Map.of());

    await().untilAsserted(() -> assertThat(count("jira", "delivered")).isEqualTo(1));
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void noSecretReachesAnyLogLine() {
    try (LogCapture logs = new LogCapture("dev.wimigrate.inventory.ticketing")) {
      start(100, 2, Map.of("generic", CallbackCredentials.bearer(server.url("/"), "tok-s3cr3t")));
      server.answer(status(503), status(400));
      TicketRef ticket =
          new TicketRef("github", "ops#7", server.url("/hooks/7?signature=q-s3cr3t"));

      callbacks.notify(ticket, "m-17", "PLANNED", Map.of());

      await().untilAsserted(() -> assertThat(count("generic", "failed")).isEqualTo(1));
      assertThat(server.received())
          .extracting(CallbackServer.Received::authorization)
          .containsOnly("Bearer tok-s3cr3t");
      assertThat(logs.lines())
          .anySatisfy(l -> assertThat(l).contains("ops#7", "retrying"))
          .anySatisfy(l -> assertThat(l).contains("ops#7", "HTTP 400", "/hooks/7"))
          .noneSatisfy(l -> assertThat(l).containsAnyOf("s3cr3t", "Bearer"));
    }
  }

  @Test
  void closingDeliversWhatIsQueuedAndDropsWhatComesAfter() {
    start(10, 1, Map.of());
    callbacks.notify(jira("OPS-20"), "m-20", "PLANNED", Map.of());
    callbacks.notify(jira("OPS-21"), "m-21", "PLANNED", Map.of());

    callbacks.close();
    callbacks.notify(jira("OPS-22"), "m-22", "PLANNED", Map.of());

    assertThat(count("jira", "delivered")).isEqualTo(2);
    assertThat(count("jira", "dropped")).isEqualTo(1);
    assertThat(server.received()).hasSize(2);
  }
}
