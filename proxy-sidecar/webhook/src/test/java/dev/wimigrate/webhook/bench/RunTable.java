package dev.wimigrate.webhook.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The measures of every benchmark run, in the order they were first recorded, printed as one
 * Markdown row each: the median over the runs and the range.
 */
final class RunTable {

  private record Measure(String unit, List<Double> values) {}

  private final Map<String, Measure> measures = new LinkedHashMap<>();

  void record(String name, String unit, double value) {
    measures.computeIfAbsent(name, n -> new Measure(unit, new ArrayList<>())).values().add(value);
  }

  /** One run's figures on a line, for the log. */
  String lastRun() {
    StringBuilder line = new StringBuilder();
    measures.forEach(
        (name, m) ->
            line.append(line.length() == 0 ? "" : "; ")
                .append(name)
                .append(' ')
                .append(number(m.values().get(m.values().size() - 1)))
                .append(m.unit().isEmpty() ? "" : " " + m.unit()));
    return line.toString();
  }

  void print(PrintStream out) {
    int runs = measures.values().stream().mapToInt(m -> m.values().size()).max().orElse(0);
    out.println("| measure | median of " + runs + " runs | range over the runs |");
    out.println("|---|---|---|");
    measures.forEach(
        (name, m) -> {
          double[] sorted = m.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
          String unit = m.unit().isEmpty() ? "" : " " + m.unit();
          out.println(
              "| "
                  + name
                  + " | "
                  + number(median(sorted))
                  + unit
                  + " | "
                  + number(sorted[0])
                  + "–"
                  + number(sorted[sorted.length - 1])
                  + unit
                  + " |");
        });
  }

  static double median(double[] sorted) {
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** Nearest-rank percentile of ascending samples. */
  static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
  }

  /** Three significant figures, without a fraction from 100 up. */
  static String number(double value) {
    String pattern = value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f";
    return String.format(Locale.ROOT, pattern, value);
  }
}
