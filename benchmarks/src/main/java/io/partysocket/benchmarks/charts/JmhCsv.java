package io.partysocket.benchmarks.charts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rows of a JMH result file written with {@code -rf csv}: one per benchmark, parameter set and,
 * for {@code SampleTime}, percentile ({@code name:p0.50}). Immutable.
 */
public final class JmhCsv {

  /** One row: the benchmark's full name, its score and its parameters by name. */
  public record Row(String benchmark, double score, double error, Map<String, String> params) {

    /**
     * Returns the benchmark's method name with any percentile suffix, such as {@code bare:p0.50}.
     */
    public String method() {
      String base = withoutPercentile();
      return base.substring(base.lastIndexOf('.') + 1) + benchmark.substring(base.length());
    }

    /** Returns the benchmark's class name without the package. */
    public String className() {
      String base = withoutPercentile();
      String withoutMethod = base.substring(0, base.lastIndexOf('.'));
      return withoutMethod.substring(withoutMethod.lastIndexOf('.') + 1);
    }

    private String withoutPercentile() {
      int colon = benchmark.indexOf(':');
      return colon < 0 ? benchmark : benchmark.substring(0, colon);
    }
  }

  private final List<Row> rows;

  private JmhCsv(List<Row> rows) {
    this.rows = List.copyOf(rows);
  }

  /**
   * Reads a JMH CSV result file.
   *
   * @throws IllegalArgumentException if the header is not JMH's
   */
  public static JmhCsv read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    if (lines.isEmpty() || !lines.get(0).startsWith("\"Benchmark\"")) {
      throw new IllegalArgumentException(
          "file must be a JMH result written with -rf csv but " + file + " has another header");
    }
    List<String> header = fields(lines.get(0));
    int score = header.indexOf("Score");
    int error = header.indexOf("Score Error (99.9%)");
    List<Row> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      List<String> values = fields(line);
      Map<String, String> params = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        if (header.get(i).startsWith("Param: ") && i < values.size()) {
          params.put(header.get(i).substring("Param: ".length()), values.get(i));
        }
      }
      rows.add(
          new Row(values.get(0), number(values.get(score)), number(values.get(error)), params));
    }
    return new JmhCsv(rows);
  }

  /**
   * Returns the score of {@code className.method} with the given parameters.
   *
   * @throws IllegalArgumentException if there is no such row
   */
  public Row find(String className, String method, Map<String, String> params) {
    for (Row row : rows) {
      if (row.className().equals(className)
          && row.method().equals(method)
          && row.params().entrySet().containsAll(params.entrySet())) {
        return row;
      }
    }
    throw new IllegalArgumentException(
        "the JMH results have no row for " + className + "." + method + " with " + params);
  }

  /** Returns the distinct values of parameter {@code name} in the rows of {@code className}. */
  public List<String> paramValues(String className, String name) {
    List<String> values = new ArrayList<>();
    for (Row row : rows) {
      String value = row.params().get(name);
      if (row.className().equals(className) && value != null && !values.contains(value)) {
        values.add(value);
      }
    }
    return values;
  }

  /** Returns whether there is a row for {@code className}. */
  public boolean has(String className) {
    return rows.stream().anyMatch(row -> Objects.equals(row.className(), className));
  }

  private static double number(String text) {
    return text.isEmpty() || text.equals("NaN") ? Double.NaN : Double.parseDouble(text);
  }

  /** Splits one CSV line; fields may be quoted, and quoted fields hold no quotes. */
  private static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
