package io.ringcache.benchmarks.compare;

import static io.ringcache.benchmarks.compare.PercentileChart.LEFT;
import static io.ringcache.benchmarks.compare.PercentileChart.LEGEND_ROW;
import static io.ringcache.benchmarks.compare.PercentileChart.LEGEND_TOP;
import static io.ringcache.benchmarks.compare.PercentileChart.PLOT_BOTTOM;
import static io.ringcache.benchmarks.compare.PercentileChart.RIGHT;
import static io.ringcache.benchmarks.compare.PercentileChart.TARGET_MICROS;
import static io.ringcache.benchmarks.compare.PercentileChart.TOP;
import static io.ringcache.benchmarks.compare.PercentileChart.WIDTH;

import io.ringcache.benchmarks.chart.Svg;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The picture of {@code Compare latency --sweep}: each server's p99 against the open-loop rate it ran at, one line of
 * dots per server, so where each one's latency turns up, and where it crosses the 1 ms target, reads at a glance.
 * The x axis is the rate from 0, linear; the y axis the p99 on a log scale, laid out as {@link PercentileChart}'s,
 * with the 1 ms line drawn across.
 */
final class LoadLatencyChart {
    private static final int MAX_RATE_TICKS = 8;

    /** One round: its rate in requests per second and its p99 in microseconds. */
    record Point(long rate, long p99Micros) {
    }

    private LoadLatencyChart() {
    }

    /** The chart of {@code curves} (server name to its rounds, in rising rate) under {@code title}, as SVG. */
    static String svg(String title, Map<String, List<Point>> curves) {
        long highestRate = 1;
        long lowestP99 = TARGET_MICROS;
        long highestP99 = TARGET_MICROS;
        for (List<Point> curve : curves.values()) {
            for (Point point : curve) {
                highestRate = Math.max(highestRate, point.rate());
                lowestP99 = Math.min(lowestP99, Math.max(1, point.p99Micros()));
                highestP99 = Math.max(highestP99, point.p99Micros());
            }
        }
        long rateStep = rateStep(highestRate);
        long rateEnd = (highestRate + rateStep - 1) / rateStep * rateStep;
        List<Long> ticks = PercentileChart.ticks(lowestP99, highestP99);
        Frame frame = new Frame(rateEnd, ticks.get(0), ticks.get(ticks.size() - 1));

        Svg svg = new Svg(WIDTH, LEGEND_TOP + LEGEND_ROW * curves.size(), 4096 + 256 * curves.size());
        svg.text(WIDTH / 2.0, 22, "middle", "font-size=\"14\"", title);
        axes(svg, frame, ticks, rateStep);
        int c = 0;
        double legendY = LEGEND_TOP;
        for (Map.Entry<String, List<Point>> curve : curves.entrySet()) {
            String colour = Svg.colour(c++);
            List<Point> points = curve.getValue();
            double[] xs = new double[points.size()];
            double[] ys = new double[points.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = frame.x(points.get(i).rate());
                ys[i] = frame.y(Math.max(1, points.get(i).p99Micros()));
                svg.dot(xs[i], ys[i], 3, colour);
            }
            svg.polyline(xs, ys, colour);
            svg.line(LEFT, legendY - 4, LEFT + 22, legendY - 4, colour, "stroke-width=\"3\"");
            svg.text(LEFT + 28, legendY, "start", "", curve.getKey());
            legendY += LEGEND_ROW;
        }
        return svg.end();
    }

    /** The 1-2-5 step that puts at most {@link #MAX_RATE_TICKS} ticks between 0 and {@code highest}. */
    static long rateStep(long highest) {
        for (long decade = 1; ; decade *= 10) {
            for (long step : new long[] {decade, 2 * decade, 5 * decade}) {
                if (highest <= step * MAX_RATE_TICKS) {
                    return step;
                }
            }
        }
    }

    private static void axes(Svg svg, Frame frame, List<Long> ticks, long rateStep) {
        PercentileChart.latencyGrid(svg, ticks, frame::y);
        for (long rate = 0; rate <= frame.rateEnd(); rate += rateStep) {
            double x = frame.x(rate);
            svg.line(x, TOP, x, PLOT_BOTTOM, Svg.GRID, "");
            svg.line(x, PLOT_BOTTOM, x, PLOT_BOTTOM + 5, Svg.INK, "");
            svg.text(x, PLOT_BOTTOM + 18, "middle", "", String.format(Locale.ROOT, "%,d", rate));
        }
        svg.frame(LEFT, TOP, WIDTH - LEFT - RIGHT, PLOT_BOTTOM - TOP);
        svg.text(LEFT + (WIDTH - LEFT - RIGHT) / 2.0, PLOT_BOTTOM + 40, "middle", "",
                "open-loop rate, requests/s");
        svg.verticalText(18, (TOP + PLOT_BOTTOM) / 2.0, "p99, µs (log scale)");
    }

    /** Maps requests per second (linear) and microseconds (log) to the plot area. */
    private record Frame(long rateEnd, long low, long high) {
        double x(double rate) {
            return LEFT + (WIDTH - LEFT - RIGHT) * rate / rateEnd;
        }

        double y(double micros) {
            return PercentileChart.latencyY(micros, low, high);
        }
    }
}
