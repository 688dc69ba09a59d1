package io.ringcache.benchmarks.chart;

import java.util.Locale;

/**
 * A small SVG document written as text, for the benchmark charts (the ring's key shares, the latency percentile
 * curves, latency against load): lines, polylines, dots, text, a frame and a white background, coordinates to a
 * tenth of a pixel. The charts need no more, so no plotting library joins the benchmark jar.
 */
public final class Svg {
    /** Series colours, distinguishable also with colour-blindness (Okabe and Ito). */
    private static final String[] COLOURS = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"};
    /** Axes, ticks and reference lines. */
    public static final String INK = "#555555";
    /** Grid lines. */
    public static final String GRID = "#e4e4e4";

    private final StringBuilder out;

    /** A {@code width} × {@code height} document with a white background and 12 px sans-serif text. */
    public Svg(int width, int height, int expectedChars) {
        out = new StringBuilder(expectedChars);
        out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width,
                height));
        out.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
    }

    /** The colour of series {@code index}; they repeat after six. */
    public static String colour(int index) {
        return COLOURS[index % COLOURS.length];
    }

    /** A straight line; {@code extra} holds further attributes (e.g. a width or a dash pattern), or is empty. */
    public Svg line(double x1, double y1, double x2, double y2, String stroke, String extra) {
        out.append("<line x1=\"").append(coordinate(x1)).append("\" y1=\"").append(coordinate(y1))
                .append("\" x2=\"").append(coordinate(x2)).append("\" y2=\"").append(coordinate(y2))
                .append("\" stroke=\"").append(stroke).append('"');
        if (!extra.isEmpty()) {
            out.append(' ').append(extra);
        }
        out.append("/>\n");
        return this;
    }

    /** One series: the points {@code (xs[i], ys[i])} joined by a line. */
    public Svg polyline(double[] xs, double[] ys, String stroke) {
        out.append("<polyline fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"1.5\" points=\"");
        for (int i = 0; i < xs.length; i++) {
            out.append(i == 0 ? "" : " ").append(coordinate(xs[i])).append(',').append(coordinate(ys[i]));
        }
        out.append("\"/>\n");
        return this;
    }

    /** A filled circle of radius {@code r}: a measured point. */
    public Svg dot(double x, double y, double r, String fill) {
        out.append("<circle cx=\"").append(coordinate(x)).append("\" cy=\"").append(coordinate(y)).append("\" r=\"")
                .append(coordinate(r)).append("\" fill=\"").append(fill).append("\"/>\n");
        return this;
    }

    /** An unfilled rectangle, e.g. the frame of the plot area. */
    public Svg frame(double x, double y, double width, double height) {
        out.append("<rect x=\"").append(coordinate(x)).append("\" y=\"").append(coordinate(y)).append("\" width=\"")
                .append(coordinate(width)).append("\" height=\"").append(coordinate(height))
                .append("\" fill=\"none\" stroke=\"").append(INK).append("\"/>\n");
        return this;
    }

    /**
     * Text anchored {@code start}, {@code middle} or {@code end} at {@code (x, y)}; {@code extra} holds further
     * attributes or is empty. The text is escaped.
     */
    public Svg text(double x, double y, String anchor, String extra, String text) {
        out.append("<text x=\"").append(coordinate(x)).append("\" y=\"").append(coordinate(y))
                .append("\" text-anchor=\"").append(anchor).append('"');
        if (!extra.isEmpty()) {
            out.append(' ').append(extra);
        }
        out.append('>').append(text.replace("&", "&amp;").replace("<", "&lt;")).append("</text>\n");
        return this;
    }

    /** Text turned a quarter anticlockwise around {@code (x, y)}: a y axis's title. */
    public Svg verticalText(double x, double y, String text) {
        return text(x, y, "middle", "transform=\"rotate(-90 " + coordinate(x) + " " + coordinate(y) + ")\"", text);
    }

    /** The finished document. */
    public String end() {
        return out.append("</svg>\n").toString();
    }

    /** One decimal is a tenth of a pixel, finer than any screen shows, and keeps the file small. */
    public static String coordinate(double value) {
        String text = String.format(Locale.ROOT, "%.1f", value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }
}
