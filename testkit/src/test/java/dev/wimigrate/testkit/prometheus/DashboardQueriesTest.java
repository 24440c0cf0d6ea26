package dev.wimigrate.testkit.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardQueriesTest {

  static final String DASHBOARD =
      """
      {"templating": {"list": [
         {"name": "datasource", "type": "datasource", "query": "prometheus"},
         {"name": "cluster", "type": "query", "allValue": ".*"}]},
       "panels": [
         {"title": "Phases", "targets": [
            {"refId": "A", "expr": "sum by (phase) (x{cluster=~\\"$cluster\\"})"}]},
         {"type": "row", "title": "collapsed", "panels": [
            {"title": "Rate", "targets": [
               {"refId": "B", "expr": "rate(y{cluster=~\\"${cluster}\\"}[$__rate_interval])"},
               {"refId": "C", "expr": "increase(z[$__range]) and [[cluster]]_w"}]}]},
         {"title": "Text panel"}]}
      """;

  @Test
  void everyTargetIncludingCollapsedRowsWithVariablesReplaced() throws Exception {
    Path file = Files.createTempFile("dashboard", ".json");
    Files.writeString(file, DASHBOARD);

    List<DashboardQueries.Query> all = DashboardQueries.read(file);
    assertThat(all)
        .extracting(DashboardQueries.Query::expr)
        .containsExactly(
            "sum by (phase) (x{cluster=~\".*\"})",
            "rate(y{cluster=~\".*\"}[1m])",
            "increase(z[1h]) and .*_w");
    assertThat(all.get(1).panel()).isEqualTo("Rate");
    assertThat(all.get(1).rawExpr()).contains("${cluster}");

    assertThat(DashboardQueries.read(file, Map.of("cluster", "aks-1")).get(0).expr())
        .isEqualTo("sum by (phase) (x{cluster=~\"aks-1\"})");
  }

  @Test
  void anUndefinedVariableIsNamed() {
    assertThatThrownBy(() -> DashboardQueries.substitute("rate(x[$window])", Map.of()))
        .hasMessageContaining("$window");
  }
}
