package dev.wimigrate.testkit.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real Prometheus (Debian package) scraping a stand-in service, queried over its API. */
class PrometheusServerTest {

  @Test
  void scrapesTargetsAnswersQueriesAndNamesTheErrorOfAnInvalidQuery() throws Exception {
    HttpServer service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] body =
        ("# TYPE wimigrate_demo_total counter\n"
                + "wimigrate_demo_total{step=\"verify\"} 3.0\n"
                + "wimigrate_demo_total{step=\"patch\"} 1.0\n")
            .getBytes(StandardCharsets.UTF_8);
    service.createContext(
        "/q/metrics",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    service.start();
    Path rules = Files.createTempFile("rules", ".yml");
    Files.writeString(
        rules,
        """
        groups:
          - name: demo
            rules:
              - record: wimigrate:demo:sum
                expr: sum(wimigrate_demo_total)
        """);
    try (PrometheusServer prometheus =
        PrometheusServer.start(
            List.of(PrometheusServer.Target.http("demo", service.getAddress().getPort())),
            Duration.ofSeconds(1),
            List.of(rules))) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(prometheus.query("wimigrate_demo_total").seriesCount()).isEqualTo(2));
      assertThat(prometheus.targetHealth()).containsEntry("demo", "up");
      PrometheusServer.QueryResult sum =
          prometheus.query("sum by (service) (wimigrate_demo_total)");
      assertThat(sum.resultType()).isEqualTo("vector");
      assertThat(sum.result().get(0).path("metric").path("service").asText()).isEqualTo("demo");
      assertThat(sum.result().get(0).path("value").get(1).asText()).isEqualTo("4");
      assertThat(prometheus.query("wimigrate_nothing_here").seriesCount()).isZero();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(prometheus.query("wimigrate:demo:sum").seriesCount()).isEqualTo(1));
      assertThat(prometheus.rules()).containsEntry("wimigrate:demo:sum", "ok");

      assertThatThrownBy(() -> prometheus.query("sum by (step (wimigrate_demo_total)"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bad_data")
          .hasMessageContaining("parse error");
    } finally {
      service.stop(0);
    }
  }

  @Test
  void promtoolTellsAValidRulesFileFromABrokenOne() throws Exception {
    Path good = Files.createTempFile("good", ".yml");
    Files.writeString(
        good, "groups:\n  - name: g\n    rules:\n      - record: a:b\n        expr: up\n");
    Path bad = Files.createTempFile("bad", ".yml");
    Files.writeString(
        bad, "groups:\n  - name: g\n    rules:\n      - record: a:b\n        expr: sum(up\n");
    assertThat(PrometheusServer.checkRules(good).exitCode()).isZero();
    var broken = PrometheusServer.checkRules(bad);
    assertThat(broken.exitCode()).isNotZero();
    assertThat(broken.stdout() + broken.stderr()).contains("unclosed left parenthesis");

    Path config = Files.createTempFile("prometheus", ".yml");
    Files.writeString(
        config,
        "rule_files: [\""
            + good
            + "\"]\nscrape_configs:\n  - job_name: a\n"
            + "    static_configs:\n      - targets: [\"127.0.0.1:1\"]\n");
    assertThat(PrometheusServer.checkConfig(config).exitCode()).isZero();
    Files.writeString(config, "scrape_configs:\n  - job_name: a\n    scrape_interval: soon\n");
    assertThat(PrometheusServer.checkConfig(config).exitCode()).isNotZero();
  }

  @Test
  void theGeneratedConfigurationHasOneJobPerServiceWithTlsOnlyWhereAsked() {
    String config =
        PrometheusServer.config(
            List.of(
                PrometheusServer.Target.http("inventory-service", 8080),
                PrometheusServer.Target.https("webhook", 9443)),
            Duration.ofSeconds(1),
            List.of());
    assertThat(config)
        .contains("scrape_interval: 1000ms")
        .contains("job_name: \"wimigrate-inventory-service\"")
        .contains("targets: [\"127.0.0.1:9443\"]")
        .contains("service: \"webhook\"");
    assertThat(config.indexOf("insecure_skip_verify"))
        .isGreaterThan(config.indexOf("wimigrate-webhook"));
  }
}
