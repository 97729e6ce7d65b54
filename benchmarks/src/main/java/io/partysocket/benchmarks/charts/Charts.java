package io.partysocket.benchmarks.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws the charts of docs/BENCHMARKS.md from the result files of a full run, and prints the ratios
 * as Markdown tables:
 *
 * <ul>
 *   <li>{@code throughput-ratio.png}: echo throughput through the socket over the bare transport,
 *       per transport and payload, from the {@code EchoThroughputBenchmark} rows of {@code --jmh};
 *   <li>{@code reconnect-ratio.png}: reconnect time over bare connect time, mean and median, from
 *       the {@code ReconnectBenchmark} rows of {@code --jmh};
 *   <li>{@code herd-<transport>-gate-<cap>.png}: connections arriving at the server per bin after
 *       the restart, with and without jitter, for each transport and gate cap in {@code --herd}.
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.partysocket.benchmarks.charts.Charts \
 *     --jmh target/full/jmh.csv --herd target/full/herd.csv --out docs/images
 * </pre>
 *
 * <p>Options: {@code --jmh}, a JMH result file ({@code -rf csv}); {@code --herd}, a herd CSV;
 * {@code --herd-transports}, the comma-separated transports to draw herd charts for (all when
 * absent); {@code --out}, the directory for the PNG files ({@code target/images}). Each chart whose
 * input is absent is skipped.
 */
public final class Charts {

  private static final Set<String> OPTIONS =
      Set.of("--jmh", "--herd", "--herd-transports", "--out");

  /** The throughput target: the socket at 0.95 of the bare transport or better. */
  public static final double THROUGHPUT_TARGET = 0.95;

  /** The reconnect target: a reconnect in at most 1.1 times a bare connect. */
  public static final double RECONNECT_TARGET = 1.1;

  private static final int WIDTH = 900;
  private static final int HEIGHT = 500;
  private static final Color TARGET_COLOR = new Color(0xC0, 0x39, 0x2B);
  private static final Color[] SERIES_COLORS = {
    new Color(0x1F, 0x77, 0xB4), new Color(0xFF, 0x7F, 0x0E), new Color(0x2C, 0xA0, 0x2C)
  };

  private Charts() {}

  /** Draws the charts; see the class comment for the options. */
  public static void main(String[] args) throws IOException {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length || !OPTIONS.contains(args[i])) {
        throw new IllegalArgumentException(
            "arguments must be pairs of " + OPTIONS + " and a value but found \"" + args[i] + "\"");
      }
      options.put(args[i], args[i + 1]);
    }
    String herdTransports = options.get("--herd-transports");
    List<Path> written =
        draw(
            options.containsKey("--jmh") ? Path.of(options.get("--jmh")) : null,
            options.containsKey("--herd") ? Path.of(options.get("--herd")) : null,
            herdTransports == null ? null : List.of(herdTransports.split(",")),
            Path.of(options.getOrDefault("--out", "target/images")));
    written.forEach(path -> System.out.println("wrote " + path));
  }

  /**
   * Draws every chart the given files have data for and returns the files written.
   *
   * @param jmh a JMH CSV result file, or {@code null}
   * @param herd a herd CSV, or {@code null}
   * @param herdTransports the transports to draw herd charts for, or {@code null} for all
   * @param directory where the PNG files go; created if missing
   */
  public static List<Path> draw(Path jmh, Path herd, List<String> herdTransports, Path directory)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    ChartFactory.setChartTheme(theme());
    Files.createDirectories(directory);
    List<Path> written = new ArrayList<>();
    if (jmh != null) {
      JmhCsv results = JmhCsv.read(jmh);
      if (results.has("EchoThroughputBenchmark")) {
        written.add(throughput(results, directory.resolve("throughput-ratio.png")));
      }
      if (results.has("ReconnectBenchmark")) {
        written.add(reconnect(results, directory.resolve("reconnect-ratio.png")));
      }
    }
    if (herd != null) {
      List<HerdCsv.Run> runs = HerdCsv.read(herd);
      List<String> charts = new ArrayList<>();
      for (HerdCsv.Run run : runs) {
        String key = run.transport() + "-gate-" + run.gate();
        boolean selected = herdTransports == null || herdTransports.contains(run.transport());
        if (selected && !charts.contains(key)) {
          charts.add(key);
          written.add(herdChart(runs, run, directory.resolve("herd-" + key + ".png")));
        }
      }
      System.out.println(herdTable(runs));
    }
    return written;
  }

  private static Path throughput(JmhCsv results, Path file) throws IOException {
    String benchmark = "EchoThroughputBenchmark";
    DefaultCategoryDataset dataset = new DefaultCategoryDataset();

    StringBuilder table = new StringBuilder();
    table.append("| transport | payload | bare (msg/s) | socket (msg/s) | socket / bare |\n");
    table.append("| --- | --- | --- | --- | --- |\n");
    for (String transport : results.paramValues(benchmark, "transport")) {
      for (String payload : results.paramValues(benchmark, "payloadBytes")) {
        JmhCsv.Row bare = results.find(benchmark, "echo", echo(transport, payload, "bare"));
        JmhCsv.Row socket = results.find(benchmark, "echo", echo(transport, payload, "socket"));
        double ratio = socket.score() / bare.score();
        dataset.addValue(ratio, payloadName(payload), transport);
        table.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %,.0f ± %,.0f | %,.0f ± %,.0f | **%.2f** |%n",
                transport,
                payloadName(payload),
                bare.score(),
                bare.error(),
                socket.score(),
                socket.error(),
                ratio));
      }
    }
    System.out.println(table);

    JFreeChart chart =
        ChartFactory.createBarChart(
            "Echo throughput: ReconnectingWebSocket / bare transport",
            "transport",
            "socket / bare (messages per second)",
            dataset,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    styleBars(chart, upperBound(dataset, 1.2));
    addTarget(chart.getCategoryPlot(), THROUGHPUT_TARGET, "target ≥ 0.95");
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    return file;
  }

  private static Map<String, String> echo(String transport, String payload, String variant) {
    return Map.of("transport", transport, "payloadBytes", payload, "variant", variant);
  }

  private static Path reconnect(JmhCsv results, Path file) throws IOException {
    String benchmark = "ReconnectBenchmark";
    DefaultCategoryDataset dataset = new DefaultCategoryDataset();

    StringBuilder table = new StringBuilder();
    table
        .append("| transport | statistic | bare connect (µs) | bare reconnect (µs)")
        .append(" | socket reconnect (µs) | socket / bare connect | socket / bare reconnect |\n");
    table.append("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (String transport : results.paramValues(benchmark, "transport")) {
      for (String statistic : new String[] {"mean", "median"}) {
        String method = statistic.equals("mean") ? "reconnect" : "reconnect:p0.50";
        JmhCsv.Row connect = results.find(benchmark, method, cycle(transport, "bareConnect"));
        JmhCsv.Row bare = results.find(benchmark, method, cycle(transport, "bareReconnect"));
        JmhCsv.Row socket = results.find(benchmark, method, cycle(transport, "socketReconnect"));
        double ratio = socket.score() / connect.score();
        dataset.addValue(ratio, statistic, transport);
        table.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | **%.2f** | %.2f |%n",
                transport,
                statistic,
                micros(connect),
                micros(bare),
                micros(socket),
                ratio,
                socket.score() / bare.score()));
      }
    }
    System.out.println(table);

    JFreeChart chart =
        ChartFactory.createBarChart(
            "Reconnect with no delay / bare connect",
            "transport",
            "socket reconnect time / bare connect time",
            dataset,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    styleBars(chart, upperBound(dataset, 1.5));
    addTarget(chart.getCategoryPlot(), RECONNECT_TARGET, "target ≤ 1.1");
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    return file;
  }

  private static Map<String, String> cycle(String transport, String variant) {
    return Map.of("transport", transport, "variant", variant);
  }

  private static String micros(JmhCsv.Row row) {
    return Double.isNaN(row.error())
        ? String.format(Locale.ROOT, "%,.0f", row.score())
        : String.format(Locale.ROOT, "%,.0f ± %,.0f", row.score(), row.error());
  }

  private static Path herdChart(List<HerdCsv.Run> runs, HerdCsv.Run first, Path file)
      throws IOException {
    XYSeriesCollection dataset = new XYSeriesCollection();
    for (HerdCsv.Run run : runs) {
      if (!run.transport().equals(first.transport()) || run.gate() != first.gate()) {
        continue;
      }
      XYSeries series =
          new XYSeries(String.format(Locale.ROOT, "reconnectionDelayJitter %.1f", run.jitter()));
      List<Integer> arrivals = run.arrivals();
      for (int i = 0; i < arrivals.size(); i++) {
        series.add(i * run.binMillis(), arrivals.get(i));
      }
      // Closes the last step at the end of its bin.
      series.add(arrivals.size() * run.binMillis(), 0);
      dataset.addSeries(series);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            String.format(
                Locale.ROOT,
                "Connections arriving after a server restart: %d sockets, %s",
                first.sockets(),
                first.transport()),
            "time since the server stopped (ms)",
            String.format(Locale.ROOT, "connections arriving per %d ms", first.binMillis()),
            dataset,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    chart.addSubtitle(
        new TextTitle(
            String.format(
                Locale.ROOT,
                "minReconnectionDelay %d ms, connect gate of %d attempts in flight",
                first.minDelayMillis(),
                first.gate()),
            new Font(Font.SANS_SERIF, Font.PLAIN, 14)));
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    XYStepRenderer renderer = new XYStepRenderer();
    for (int i = 0; i < dataset.getSeriesCount(); i++) {
      renderer.setSeriesPaint(i, SERIES_COLORS[i % SERIES_COLORS.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2.2f));
    }
    plot.setRenderer(renderer);
    ((NumberAxis) plot.getRangeAxis()).setLowerBound(0);
    plot.addRangeMarker(
        marker(
            first.uniformShare(),
            String.format(Locale.ROOT, "uniform share %.0f", first.uniformShare())));
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    return file;
  }

  private static String herdTable(List<HerdCsv.Run> runs) {
    StringBuilder table = new StringBuilder();
    table
        .append("| transport | gate | jitter | arrivals | busiest bin | uniform share")
        .append(" | busiest / uniform |\n");
    table.append("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (HerdCsv.Run run : runs) {
      int total = run.arrivals().stream().mapToInt(Integer::intValue).sum();
      table.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.1f | %d | %d | %.0f | **%.2f** |%n",
              run.transport(),
              run.gate(),
              run.jitter(),
              total,
              run.busiest(),
              run.uniformShare(),
              run.busiest() / run.uniformShare()));
    }
    return table.toString();
  }

  private static String payloadName(String bytes) {
    int value = Integer.parseInt(bytes);
    return value >= 1024 && value % 1024 == 0 ? value / 1024 + " KiB" : value + " B";
  }

  /** Returns a round upper bound above the largest value, at least {@code least}. */
  private static double upperBound(DefaultCategoryDataset dataset, double least) {
    double highest = 0;
    for (int row = 0; row < dataset.getRowCount(); row++) {
      for (int column = 0; column < dataset.getColumnCount(); column++) {
        Number value = dataset.getValue(row, column);
        if (value != null) {
          highest = Math.max(highest, value.doubleValue());
        }
      }
    }
    return Math.max(least, Math.ceil(highest * 10 + 1) / 10);
  }

  private static void styleBars(JFreeChart chart, double upper) {
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setItemMargin(0.05);
    for (int i = 0; i < SERIES_COLORS.length; i++) {
      renderer.setSeriesPaint(i, SERIES_COLORS[i]);
    }
    renderer.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("0.00")));
    renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    renderer.setDefaultItemLabelsVisible(true);
    NumberAxis range = (NumberAxis) plot.getRangeAxis();
    range.setRange(0, upper);
  }

  private static void addTarget(CategoryPlot plot, double value, String label) {
    plot.addRangeMarker(marker(value, label));
  }

  private static ValueMarker marker(double value, String label) {
    ValueMarker marker = new ValueMarker(value, TARGET_COLOR, dashed());
    marker.setLabel(label);
    marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    marker.setLabelPaint(TARGET_COLOR);
    marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
    marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
    return marker;
  }

  private static BasicStroke dashed() {
    return new BasicStroke(
        1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
  }

  private static StandardChartTheme theme() {
    StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
    theme.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
    theme.setLargeFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    theme.setRegularFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    theme.setChartBackgroundPaint(Color.WHITE);
    return theme;
  }
}
