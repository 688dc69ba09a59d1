package io.ringcache.benchmarks.compare;

import io.ringcache.benchmarks.chart.Svg;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.HdrHistogram.Histogram;

/**
 * Issue 6 asks for latency percentile curves where a table of p50 and p99 says less: this draws one curve per server
 * from its HdrHistogram (microseconds), as HdrHistogram's own plotter does. The x axis is the percentile on the
 * usual log scale of {@code 1 / (1 - p)}, so 90%, 99%, 99.9% and 99.99% are evenly spaced; it reaches as far as the
 * fewest-counted curve has samples for (99.9% needs a thousand). The y axis is the latency on a log scale, so a
 * 100 µs median and a 20 ms tail both read, with the 1 ms line of the p99 target drawn across.
 */
public final class PercentileChart {
    static final int WIDTH = 760;
    static final int PLOT_BOTTOM = 404;
    static final int LEFT = 70;
    static final int RIGHT = 36;
    static final int TOP = 44;
    static final int LEGEND_TOP = PLOT_BOTTOM + 64;
    static final int LEGEND_ROW = 18;
    private static final int POINTS_PER_NINE = 25;
    private static final int MAX_NINES = 5;
    static final long TARGET_MICROS = 1000;
    private static final int[] STEPS = {1, 2, 5};

    private PercentileChart() {
    }

    /** The chart of {@code curves} (server name to its latencies in microseconds) under {@code title}, as SVG. */
    public static String svg(String title, Map<String, Histogram> curves) {
        if (curves.isEmpty()) {
            throw new IllegalArgumentException("a chart needs at least one curve");
        }
        long fewest = curves.values().stream().mapToLong(Histogram::getTotalCount).min().orElseThrow();
        if (fewest < 10) {
            throw new IllegalArgumentException("every curve needs at least 10 latencies, one has " + fewest);
        }
        int nines = (int) Math.min(MAX_NINES, Math.floor(Math.log10(fewest)));
        List<double[]> values = new ArrayList<>();
        long lowest = Long.MAX_VALUE;
        long highest = TARGET_MICROS;
        for (Histogram histogram : curves.values()) {
            double[] curve = new double[nines * POINTS_PER_NINE + 1];
            for (int i = 0; i < curve.length; i++) {
                curve[i] = Math.max(1, histogram.getValueAtPercentile(percentile(i / (double) POINTS_PER_NINE)));
            }
            lowest = Math.min(lowest, (long) curve[0]);
            highest = Math.max(highest, (long) curve[curve.length - 1]);
            values.add(curve);
        }
        List<Long> ticks = ticks(lowest, highest);
        Frame frame = new Frame(nines, ticks.get(0), ticks.get(ticks.size() - 1));

        Svg svg = new Svg(WIDTH, LEGEND_TOP + LEGEND_ROW * curves.size(), 4096 + curves.size() * curve(nines) * 12);
        svg.text(WIDTH / 2.0, 22, "middle", "font-size=\"14\"", title);
        axes(svg, frame, ticks);
        double[] xs = new double[curve(nines)];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = frame.x(i / (double) POINTS_PER_NINE);
        }
        for (int c = 0; c < values.size(); c++) {
            double[] ys = new double[xs.length];
            for (int i = 0; i < ys.length; i++) {
                ys[i] = frame.y(values.get(c)[i]);
            }
            svg.polyline(xs, ys, Svg.colour(c));
        }
        legend(svg, curves);
        return svg.end();
    }

    private static int curve(int nines) {
        return nines * POINTS_PER_NINE + 1;
    }

    /** The percentile (0..100) that lies {@code nines} along the x axis: 1 is 90, 2 is 99, 3 is 99.9. */
    static double percentile(double nines) {
        return 100 * (1 - Math.pow(10, -nines));
    }

    /** The 1-2-5 steps from the last at or below {@code low} to the first at or above {@code high}; two at least. */
    static List<Long> ticks(long low, long high) {
        List<Long> ticks = new ArrayList<>();
        for (long decade = 1; ; decade *= 10) {
            for (int step : STEPS) {
                long tick = decade * step;
                if (tick <= low) {
                    ticks.clear();
                }
                ticks.add(tick);
                if (tick >= high && ticks.size() > 1) {
                    return ticks;
                }
            }
        }
    }

    private static void axes(Svg svg, Frame frame, List<Long> ticks) {
        latencyGrid(svg, ticks, frame::y);
        for (int n = 0; n <= frame.nines(); n++) {
            double x = frame.x(n);
            svg.line(x, TOP, x, PLOT_BOTTOM, Svg.GRID, "");
            svg.line(x, PLOT_BOTTOM, x, PLOT_BOTTOM + 5, Svg.INK, "");
            svg.text(x, PLOT_BOTTOM + 18, "middle", "", percentileLabel(n));
        }
        svg.frame(LEFT, TOP, WIDTH - LEFT - RIGHT, PLOT_BOTTOM - TOP);
        svg.text(LEFT + (WIDTH - LEFT - RIGHT) / 2.0, PLOT_BOTTOM + 40, "middle", "",
                "percentile (log scale of 1 / (1 − p))");
        svg.verticalText(18, (TOP + PLOT_BOTTOM) / 2.0, "latency, µs (log scale)");
    }

    /**
     * The y axis's ticks (microseconds, placed by {@code y}) with their grid lines across the plot, the 1 ms target's
     * line dashed and labelled.
     */
    static void latencyGrid(Svg svg, List<Long> ticks, DoubleUnaryOperator y) {
        for (long tick : ticks) {
            double at = y.applyAsDouble(tick);
            boolean target = tick == TARGET_MICROS;
            svg.line(LEFT, at, WIDTH - RIGHT, at, target ? Svg.INK : Svg.GRID,
                    target ? "stroke-dasharray=\"6 4\"" : "");
            svg.text(LEFT - 6, at + 4, "end", "", String.format(Locale.ROOT, "%,d", tick));
        }
        svg.text(WIDTH - RIGHT - 4, y.applyAsDouble(TARGET_MICROS) - 4, "end", "", "1 ms");
    }

    /** Where {@code micros} lies on a log-scale latency axis from {@code low} (the plot's bottom) to {@code high}. */
    static double latencyY(double micros, long low, long high) {
        double span = Math.log10(high) - Math.log10(low);
        return PLOT_BOTTOM - (PLOT_BOTTOM - TOP) * (Math.log10(micros) - Math.log10(low)) / span;
    }

    /** {@code 0%}, {@code 90%}, {@code 99%}, {@code 99.9%}, ... */
    static String percentileLabel(int nines) {
        if (nines == 0) {
            return "0%";
        }
        return String.format(Locale.ROOT, "%." + Math.max(0, nines - 2) + "f%%", percentile(nines));
    }

    /** Below the plot: percentile curves fill its upper left, where a legend inside it would hide them. */
    private static void legend(Svg svg, Map<String, Histogram> curves) {
        double x = LEFT;
        double y = LEGEND_TOP;
        int c = 0;
        for (Map.Entry<String, Histogram> curve : curves.entrySet()) {
            Histogram latencies = curve.getValue();
            svg.line(x, y - 4, x + 22, y - 4, Svg.colour(c++), "stroke-width=\"3\"");
            svg.text(x + 28, y, "start", "", String.format(Locale.ROOT,
                    "%s: p50 %,d µs, p99 %,d µs, p99.9 %,d µs, max %,d µs", curve.getKey(),
                    latencies.getValueAtPercentile(50), latencies.getValueAtPercentile(99),
                    latencies.getValueAtPercentile(99.9), latencies.getMaxValue()));
            y += LEGEND_ROW;
        }
    }

    /** Maps nines and microseconds to the plot area, both on log scales. */
    private record Frame(int nines, long low, long high) {
        double x(double along) {
            return LEFT + (WIDTH - LEFT - RIGHT) * along / nines;
        }

        double y(double micros) {
            return latencyY(micros, low, high);
        }
    }
}
