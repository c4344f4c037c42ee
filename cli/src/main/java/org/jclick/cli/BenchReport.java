package org.jclick.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * {@code jclick bench --report FILE}: a self-contained report (no external scripts or styles) of one bench
 * invocation. {@code .svg} gets one SVG image; anything else an HTML page (well-formed XML) with the charts inline
 * and a table of the figures. The charts: median Mpps per configuration and engine, with a min-max whisker over
 * the runs (and the baseline's figures, when given, as extra bars); and, with {@code --latency}, each
 * configuration's latency percentile curve (x: percentile on HdrHistogram's log scale 1/(1-p), y: µs, log scale).
 */
final class BenchReport {

    /** One configuration's results on one engine. {@code latency} is null without --latency. */
    record Result(String config, String engine, List<Double> mpps, Histogram latency) {

        double median() {
            return BenchReport.median(mpps);
        }

        double min() {
            return mpps.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        }

        double max() {
            return mpps.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }
    }

    /** A reference figure (e.g. Click's median on the same configuration), drawn as a bar without whisker. */
    record Reference(String config, String engine, double mpps) {
    }

    private static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
            "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
    private static final int WIDTH = 860;
    private static final int BAR_HEIGHT = 360;
    private static final int LATENCY_HEIGHT = 400;

    private BenchReport() {
    }

    static double median(List<Double> values) {
        final List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        final int n = sorted.size();
        if (n == 0) {
            return 0;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Writes the report; the format follows the file name ({@code .svg} or HTML). */
    static void write(Path file, List<Result> results, List<Reference> references, String subtitle)
            throws IOException {
        final boolean latency = results.stream().anyMatch(r -> r.latency() != null && r.latency().getTotalCount() > 0);
        final String bars = barChart(results, references, 0);
        final String curves = latency ? latencyChart(results, 0) : "";
        final String text;
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
            final int height = BAR_HEIGHT + (latency ? LATENCY_HEIGHT : 0) + 30;
            text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
                    + WIDTH + "\" height=\"" + height + "\" font-family=\"sans-serif\" font-size=\"12\">\n"
                    + "<text x=\"10\" y=\"18\" font-size=\"13\">" + esc(subtitle) + "</text>\n"
                    + "<g transform=\"translate(0,30)\">\n" + bars + "</g>\n"
                    + (latency ? "<g transform=\"translate(0," + (BAR_HEIGHT + 30) + ")\">\n" + curves + "</g>\n" : "")
                    + "</svg>\n";
        } else {
            final StringBuilder b = new StringBuilder(16384);
            b.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                    .append("<meta charset=\"utf-8\"/>\n<title>jclick bench report</title>\n")
                    .append("<style>body{font-family:sans-serif;margin:2em;color:#222}")
                    .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;")
                    .append("text-align:right}th{background:#eee}td.l,th.l{text-align:left}</style>\n")
                    .append("</head>\n<body>\n<h1>jclick bench report</h1>\n<p>").append(esc(subtitle))
                    .append("</p>\n<h2>Throughput (median Mpps, whiskers: min-max over runs)</h2>\n");
            b.append(svg(BAR_HEIGHT, bars));
            b.append("<table>\n<tr><th class=\"l\">config</th><th class=\"l\">engine</th><th>runs</th>"
                    + "<th>median Mpps</th><th>min</th><th>max</th>");
            if (latency) {
                b.append("<th>p50 µs</th><th>p90 µs</th><th>p99 µs</th><th>p99.9 µs</th><th>max µs</th>"
                        + "<th>batches</th>");
            }
            b.append("</tr>\n");
            for (Result r : results) {
                b.append("<tr><td class=\"l\">").append(esc(r.config())).append("</td><td class=\"l\">")
                        .append(esc(r.engine())).append("</td><td>").append(r.mpps().size()).append("</td>")
                        .append(td(r.median())).append(td(r.min())).append(td(r.max()));
                if (latency) {
                    final Histogram h = r.latency();
                    for (double p : LatencyRecorder.PERCENTILES) {
                        b.append(h == null ? "<td/>" : td(h.getValueAtPercentile(p) / 1e3));
                    }
                    b.append(h == null ? "<td/><td/>" : td(h.getMaxValue() / 1e3) + "<td>" + h.getTotalCount()
                            + "</td>");
                }
                b.append("</tr>\n");
            }
            for (Reference ref : references) {
                b.append("<tr><td class=\"l\">").append(esc(ref.config())).append("</td><td class=\"l\">")
                        .append(esc(ref.engine())).append(" (baseline)</td><td/>").append(td(ref.mpps()))
                        .append("<td/><td/>").append(latency ? "<td/><td/><td/><td/><td/><td/>" : "")
                        .append("</tr>\n");
            }
            b.append("</table>\n");
            if (latency) {
                b.append("<h2>Latency per batch (one task run that moved packets)</h2>\n")
                        .append(svg(LATENCY_HEIGHT, curves));
            }
            b.append("</body>\n</html>\n");
            text = b.toString();
        }
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static String svg(int height, String body) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\"" + height
                + "\" font-family=\"sans-serif\" font-size=\"12\">\n" + body + "</svg>\n";
    }

    private static String td(double v) {
        return String.format(Locale.ROOT, "<td>%.2f</td>", v);
    }

    /** Bars grouped by configuration, one per engine; each bar has class "bar" and a data-config attribute. */
    private static String barChart(List<Result> results, List<Reference> references, int top) {
        final List<String> configs = new ArrayList<>();
        final List<String> engines = new ArrayList<>();
        double maxValue = 0;
        for (Result r : results) {
            addOnce(configs, r.config());
            addOnce(engines, r.engine());
            maxValue = Math.max(maxValue, r.max());
        }
        for (Reference ref : references) {
            if (configs.contains(ref.config())) {
                addOnce(engines, ref.engine());
                maxValue = Math.max(maxValue, ref.mpps());
            }
        }
        final double scaleMax = niceCeiling(maxValue);
        final int left = 60;
        final int right = WIDTH - 20;
        final int plotTop = top + 20;
        final int plotBottom = top + BAR_HEIGHT - 60;
        final StringBuilder b = new StringBuilder(4096);
        axisY(b, left, right, plotTop, plotBottom, scaleMax, "Mpps");
        final double groupWidth = (right - left) / (double) Math.max(1, configs.size());
        final double barWidth = Math.min(60, groupWidth * 0.8 / Math.max(1, engines.size()));
        for (int c = 0; c < configs.size(); c++) {
            final String config = configs.get(c);
            final double groupLeft = left + c * groupWidth + (groupWidth - barWidth * engines.size()) / 2;
            for (int e = 0; e < engines.size(); e++) {
                final String engine = engines.get(e);
                final double x = groupLeft + e * barWidth;
                final String colour = COLOURS[e % COLOURS.length];
                for (Result r : results) {
                    if (r.config().equals(config) && r.engine().equals(engine)) {
                        bar(b, x, barWidth, plotBottom, plotTop, scaleMax, r.median(), colour, config, engine, "bar");
                        final double yMin = y(r.min(), plotBottom, plotTop, scaleMax);
                        final double yMax = y(r.max(), plotBottom, plotTop, scaleMax);
                        final double cx = x + barWidth / 2;
                        b.append(String.format(Locale.ROOT, "<path class=\"whisker\" d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1f"
                                + "M%.1f %.1fH%.1f\" stroke=\"#222\" fill=\"none\"/>\n", cx, yMin, yMax,
                                cx - 6, yMin, cx + 6, cx - 6, yMax, cx + 6));
                    }
                }
                for (Reference ref : references) {
                    if (ref.config().equals(config) && ref.engine().equals(engine)) {
                        bar(b, x, barWidth, plotBottom, plotTop, scaleMax, ref.mpps(), colour, config, engine,
                                "reference");
                    }
                }
            }
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"13\">"
                    + "%s</text>\n", left + c * groupWidth + groupWidth / 2, plotBottom + 38, esc(config)));
        }
        // legend
        double lx = left;
        for (int e = 0; e < engines.size(); e++) {
            b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%.1f\" y=\"%d\">%s</text>\n", lx, plotBottom + 46, COLOURS[e % COLOURS.length],
                    lx + 16, plotBottom + 56, esc(engines.get(e))));
            lx += 30 + 7 * engines.get(e).length();
        }
        return b.toString();
    }

    private static void bar(StringBuilder b, double x, double width, int plotBottom, int plotTop, double scaleMax,
            double value, String colour, String config, String engine, String cls) {
        final double yTop = y(value, plotBottom, plotTop, scaleMax);
        b.append(String.format(Locale.ROOT, "<rect class=\"%s\" data-config=\"%s\" data-engine=\"%s\" x=\"%.1f\" "
                + "y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"%s><title>%s %s: %.2f Mpps</title></rect>\n",
                cls, esc(config), esc(engine), x + 2, yTop, width - 4, plotBottom - yTop, colour,
                cls.equals("reference") ? " fill-opacity=\"0.45\"" : "", esc(config), esc(engine), value));
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\">"
                + "%.2f</text>\n", x + width / 2, yTop - 3, value));
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\">"
                + "%s</text>\n", x + width / 2, plotBottom + 14, esc(engine)));
    }

    private static double y(double value, int plotBottom, int plotTop, double scaleMax) {
        return plotBottom - (plotBottom - plotTop) * Math.max(0, value) / scaleMax;
    }

    private static void axisY(StringBuilder b, int left, int right, int top, int bottom, double max, String unit) {
        for (int i = 0; i <= 5; i++) {
            final double v = max * i / 5;
            final double yy = bottom - (bottom - top) * i / 5.0;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", left, yy, right, yy, left - 6,
                    yy + 4, trim(v)));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" "
                + "text-anchor=\"middle\">%s</text>\n", (top + bottom) / 2, (top + bottom) / 2, unit));
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#222\"/>\n",
                left, bottom, right, bottom));
    }

    /** Percentile curves, one per result with latency; class "curve". */
    private static String latencyChart(List<Result> results, int top) {
        final int left = 70;
        final int right = WIDTH - 20;
        final int plotTop = top + 20;
        final int plotBottom = top + LATENCY_HEIGHT - 70;
        double maxUs = 1;
        double minUs = Double.MAX_VALUE;
        long maxCount = 0;
        for (Result r : results) {
            if (r.latency() != null && r.latency().getTotalCount() > 0) {
                maxUs = Math.max(maxUs, r.latency().getMaxValue() / 1e3);
                minUs = Math.min(minUs, r.latency().getMinValue() / 1e3);
                maxCount = Math.max(maxCount, r.latency().getTotalCount());
            }
        }
        // y: log10(µs) between two powers of ten; x: log10(1/(1-p)) up to the finest percentile the data supports
        final double yLo = Math.floor(Math.log10(Math.max(minUs, 1e-3)));
        final double yHi = Math.max(yLo + 1, Math.ceil(Math.log10(maxUs)));
        final double xHi = Math.max(2, Math.min(6, Math.ceil(Math.log10(Math.max(10, maxCount)))));
        final StringBuilder b = new StringBuilder(8192);
        for (double d = yLo; d <= yHi + 1e-9; d++) {
            final double yy = plotBottom - (plotBottom - plotTop) * (d - yLo) / (yHi - yLo);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", left, yy, right, yy, left - 6,
                    yy + 4, trim(Math.pow(10, d))));
        }
        for (int d = 0; d <= (int) xHi; d++) {
            final double xx = left + (right - left) * d / xHi;
            final String label = d == 0 ? "0%" : trim(100 - Math.pow(10, 2 - d)) + "%";
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", xx, plotTop, xx, plotBottom,
                    xx, plotBottom + 16, label));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>\n"
                + "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">µs per batch "
                + "(log)</text>\n", (left + right) / 2, plotBottom + 34, (plotTop + plotBottom) / 2,
                (plotTop + plotBottom) / 2));
        int i = 0;
        double lx = left;
        for (Result r : results) {
            final Histogram h = r.latency();
            if (h == null || h.getTotalCount() == 0) {
                continue;
            }
            final String colour = COLOURS[i++ % COLOURS.length];
            final StringBuilder d = new StringBuilder(2048);
            for (HistogramIterationValue v : h.percentiles(5)) {
                final double p = v.getPercentileLevelIteratedTo();
                final double lx10 = p >= 100 ? xHi : Math.min(xHi, Math.log10(100 / (100 - p)));
                final double us = Math.max(Math.pow(10, yLo), h.highestEquivalentValue(v.getValueIteratedTo()) / 1e3);
                final double xx = left + (right - left) * lx10 / xHi;
                final double yy = plotBottom - (plotBottom - plotTop) * (Math.log10(us) - yLo) / (yHi - yLo);
                d.append(d.isEmpty() ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f", xx, yy));
                if (p >= 100) {
                    break;
                }
            }
            final String name = r.config() + " (" + r.engine() + ")";
            b.append("<path class=\"curve\" data-config=\"").append(esc(r.config())).append("\" d=\"").append(d)
                    .append("\" stroke=\"").append(colour).append("\" stroke-width=\"2\" fill=\"none\"><title>")
                    .append(esc(name)).append("</title></path>\n");
            b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%.1f\" y=\"%d\">%s</text>\n", lx, plotBottom + 44, colour, lx + 16, plotBottom + 54,
                    esc(name)));
            lx += 30 + 7 * name.length();
        }
        return b.toString();
    }

    private static void addOnce(List<String> list, String s) {
        if (!list.contains(s)) {
            list.add(s);
        }
    }

    /** 1, 2, 5 times a power of ten, at least {@code v}. */
    static double niceCeiling(double v) {
        if (!(v > 0)) {
            return 1;
        }
        final double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v * 1.05) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String trim(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    static String esc(String s) {
        final StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
