package io.ringcache.benchmarks.ring;

import io.ringcache.benchmarks.chart.Svg;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Issue 6 asks for a picture of the per-node key share, where a table of max, min and stddev says less: this draws
 * one curve per {@link RingSimulation} run, its nodes sorted from the least to the most loaded, each at its keys over
 * its fair share divided by the mean of those (the figure max/mean and min/mean are read from). A flat curve at 1 is
 * a perfect spread; the curve's ends are the idlest and busiest nodes. The SVG is built as text: one polyline per run,
 * axes, grid lines and a legend ({@link Svg}), so it needs no plotting library and stays small.
 */
public final class ShareChart {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 440;
    private static final int LEFT = 64;
    private static final int RIGHT = 20;
    private static final int TOP = 44;
    private static final int BOTTOM = 52;
    private static final double Y_STEP = 0.05;

    private ShareChart() {
    }

    /** The chart of {@code reports}, which must all have the same number of nodes, as an SVG document. */
    public static String svg(List<RingReport> reports) {
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("a chart needs at least one simulation run");
        }
        int nodes = reports.get(0).nodes();
        if (reports.stream().anyMatch(report -> report.nodes() != nodes)) {
            throw new IllegalArgumentException("every run of one chart must have the same number of nodes");
        }
        double[][] curves = reports.stream().map(ShareChart::sortedOverMean).toArray(double[][]::new);
        long lowSteps = (long) Math.floor(Arrays.stream(curves).mapToDouble(c -> c[0]).min().orElseThrow() / Y_STEP
                + 1e-9);
        long highSteps = (long) Math.ceil(Arrays.stream(curves).mapToDouble(c -> c[c.length - 1]).max()
                .orElseThrow() / Y_STEP - 1e-9);
        double low = lowSteps * Y_STEP;
        double high = Math.max(highSteps, lowSteps + 1) * Y_STEP;
        Frame frame = new Frame(nodes, low, high);

        Svg svg = new Svg(WIDTH, HEIGHT, 16 * nodes * reports.size() + 4096);
        RingReport first = reports.get(0);
        svg.text(WIDTH / 2.0, 22, "middle", "font-size=\"14\"", String.format(Locale.ROOT,
                "Keys per node over its fair share: %,d nodes, %,d keys", nodes, first.keys()));
        axes(svg, frame, low, high, nodes);
        double[] xs = new double[nodes];
        for (int n = 0; n < nodes; n++) {
            xs[n] = frame.x(n);
        }
        for (int r = 0; r < curves.length; r++) {
            double[] ys = new double[nodes];
            for (int n = 0; n < nodes; n++) {
                ys[n] = frame.y(curves[r][n]);
            }
            svg.polyline(xs, ys, Svg.colour(r));
        }
        legend(svg, reports);
        return svg.end();
    }

    /** Each node's share over its fair share, divided by the mean of those, in ascending order. */
    private static double[] sortedOverMean(RingReport report) {
        double[] shares = report.shares().clone();
        double mean = Arrays.stream(shares).average().orElseThrow();
        for (int n = 0; n < shares.length; n++) {
            shares[n] /= mean;
        }
        Arrays.sort(shares);
        return shares;
    }

    private static void axes(Svg svg, Frame frame, double low, double high, int nodes) {
        int steps = (int) Math.round((high - low) / Y_STEP);
        for (int i = 0; i <= steps; i++) {
            double value = low + i * Y_STEP;
            boolean mean = Math.abs(value - 1) < 1e-9;
            double y = frame.y(value);
            svg.line(LEFT, y, WIDTH - RIGHT, y, mean ? Svg.INK : Svg.GRID, "");
            svg.text(LEFT - 6, y + 4, "end", "", String.format(Locale.ROOT, "%.2f", value));
        }
        for (int i = 0; i <= 4; i++) {
            int rank = Math.max(1, (int) Math.round(nodes * i / 4.0));
            double x = frame.x(rank - 1);
            svg.line(x, HEIGHT - BOTTOM, x, HEIGHT - BOTTOM + 5, Svg.INK, "");
            svg.text(x, HEIGHT - BOTTOM + 18, "middle", "", String.format(Locale.ROOT, "%,d", rank));
        }
        svg.frame(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
        svg.text(LEFT + (WIDTH - LEFT - RIGHT) / 2.0, HEIGHT - 12, "middle", "",
                "nodes, from the least to the most keys");
        svg.verticalText(16, TOP + (HEIGHT - TOP - BOTTOM) / 2.0, "keys over fair share (mean = 1)");
    }

    private static void legend(Svg svg, List<RingReport> reports) {
        double x = LEFT + 14;
        double y = TOP + 18;
        for (int r = 0; r < reports.size(); r++) {
            RingReport report = reports.get(r);
            svg.line(x, y - 4, x + 22, y - 4, Svg.colour(r), "stroke-width=\"3\"");
            String weights = report.weights().equals("100") ? "" : ", weights " + report.weights();
            svg.text(x + 28, y, "start", "", String.format(Locale.ROOT,
                    "%s, %d vnodes%s: max %.3f, min %.3f, stddev %.3f", report.placement().label(), report.vnodes(),
                    weights, report.maxOverMean(), report.minOverMean(), report.stddevOverMean()));
            y += 18;
        }
    }

    /** Maps node ranks and values to the plot area. */
    private record Frame(int nodes, double low, double high) {
        double x(int node) {
            return LEFT + (WIDTH - LEFT - RIGHT) * (nodes == 1 ? 0.5 : node / (double) (nodes - 1));
        }

        double y(double value) {
            return TOP + (HEIGHT - TOP - BOTTOM) * (high - value) / (high - low);
        }
    }
}
