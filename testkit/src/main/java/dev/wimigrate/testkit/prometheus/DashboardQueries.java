package dev.wimigrate.testkit.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL of a Grafana dashboard (JSON model): every panel target's {@code expr}, nested rows
 * included, with the template variables replaced as Grafana would before sending the query.
 */
public final class DashboardQueries {

  /** One panel target: where it is ({@code panel title / refId}), the raw and the sent query. */
  public record Query(String panel, String refId, String rawExpr, String expr) {
    @Override
    public String toString() {
      return panel + " [" + refId + "]: " + expr;
    }
  }

  private static final Pattern VARIABLE =
      Pattern.compile(
          "\\$\\{([A-Za-z0-9_]+)(?::[A-Za-z]+)?}|\\[\\[([A-Za-z0-9_]+)]]|\\$([A-Za-z0-9_]+)");

  private DashboardQueries() {}

  /** Grafana's built-in interval variables, as they would be at a short time range. */
  public static Map<String, String> defaults() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("__rate_interval", "1m");
    values.put("__interval", "15s");
    values.put("__interval_ms", "15000");
    values.put("__range", "1h");
    values.put("__range_s", "3600");
    values.put("__range_ms", "3600000");
    return values;
  }

  /**
   * The dashboard's queries, with {@link #defaults()} and every dashboard template variable of type
   * query/custom set to {@code .*} (Grafana's "All" with an {@code allValue} of {@code .*}), unless
   * {@code values} gives it another value.
   *
   * @throws IllegalArgumentException when a query uses a variable nobody defines
   */
  public static List<Query> read(Path dashboard, Map<String, String> values) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(dashboard.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dashboard " + dashboard, e);
    }
    Map<String, String> vars = defaults();
    for (JsonNode v : root.path("templating").path("list")) {
      String type = v.path("type").asText();
      if (!"datasource".equals(type)) {
        vars.put(v.path("name").asText(), v.path("allValue").asText(".*"));
      }
    }
    vars.putAll(values);
    List<Query> queries = new ArrayList<>();
    collect(root.path("panels"), vars, queries);
    return queries;
  }

  /** The same with every variable at its default ({@code .*} for query variables). */
  public static List<Query> read(Path dashboard) {
    return read(dashboard, Map.of());
  }

  private static void collect(JsonNode panels, Map<String, String> vars, List<Query> out) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText("");
        if (!expr.isBlank()) {
          out.add(
              new Query(
                  panel.path("title").asText(),
                  target.path("refId").asText(),
                  expr,
                  substitute(expr, vars)));
        }
      }
      collect(panel.path("panels"), vars, out); // collapsed rows hold their panels
    }
  }

  /** Replaces {@code $name}, {@code ${name}}, {@code ${name:format}} and {@code [[name]]}. */
  public static String substitute(String expr, Map<String, String> vars) {
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      String value = vars.get(name);
      if (value == null) {
        throw new IllegalArgumentException("unknown variable $" + name + " in " + expr);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
