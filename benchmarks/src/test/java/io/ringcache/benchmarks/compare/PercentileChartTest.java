package io.ringcache.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The latency percentile chart is well-formed SVG with one rising curve per server and labelled axes. */
class PercentileChartTest {

    /** {@code count} latencies spread evenly from {@code low} to {@code high} microseconds. */
    private static Histogram latencies(long count, long low, long high) {
        Histogram histogram = new Histogram(60_000_000, 3);
        for (long i = 0; i < count; i++) {
            histogram.recordValue(low + (high - low) * i / (count - 1));
        }
        return histogram;
    }

    @Test
    void oneRisingCurvePerServer_onAPercentileAxisAsFarAsTheSamplesReach() throws Exception {
        Map<String, Histogram> curves = new LinkedHashMap<>();
        curves.put("ringcache", latencies(100_000, 80, 3_000));
        curves.put("redis", latencies(20_000, 150, 9_000));
        curves.put("memcached", latencies(50_000, 120, 500));
        String svg = PercentileChart.svg("90/10 read/write at 70% of peak", curves);

        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", document.getDocumentElement().getTagName());
        NodeList polylines = document.getElementsByTagName("polyline");
        assertEquals(3, polylines.getLength());
        for (int c = 0; c < 3; c++) {
            String[] points = ((Element) polylines.item(c)).getAttribute("points").split(" ");
            assertEquals(4 * 25 + 1, points.length, "0% to 99.99%: 20,000 samples reach four nines");
            for (int i = 1; i < points.length; i++) {
                String[] here = points[i].split(",");
                String[] before = points[i - 1].split(",");
                assertTrue(Double.parseDouble(here[0]) > Double.parseDouble(before[0]), points[i]);
                // SVG's y grows downwards: a higher latency is drawn higher up
                assertTrue(Double.parseDouble(here[1]) <= Double.parseDouble(before[1]), points[i]);
            }
        }
        List<String> texts = new ArrayList<>();
        NodeList nodes = document.getElementsByTagName("text");
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        assertTrue(texts.containsAll(List.of("0%", "90%", "99%", "99.9%", "99.99%", "1 ms", "1,000", "10,000")),
                texts.toString());
        assertTrue(texts.contains("latency, µs (log scale)"), texts.toString());
        assertTrue(texts.contains("percentile (log scale of 1 / (1 − p))"), texts.toString());
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("redis: p50 ")), texts.toString());
        assertTrue(!texts.contains("99.999%"), "20,000 samples do not reach five nines");
    }

    @Test
    void theLatencyScaleRunsIn125StepsAroundTheCurvesAndTheOneMillisecondLine() {
        assertEquals(List.of(50L, 100L, 200L, 500L, 1_000L), PercentileChart.ticks(80, 1_000));
        assertEquals(List.of(1_000L, 2_000L), PercentileChart.ticks(1_000, 1_000));
        assertEquals(List.of(1L, 2L, 5L, 10L), PercentileChart.ticks(1, 6));
        assertEquals("0%", PercentileChart.percentileLabel(0));
        assertEquals("90%", PercentileChart.percentileLabel(1));
        assertEquals("99%", PercentileChart.percentileLabel(2));
        assertEquals("99.99%", PercentileChart.percentileLabel(4));
        assertEquals(99.9, PercentileChart.percentile(3), 1e-9);
    }

    @Test
    void aChartNeedsCurvesWithEnoughLatencies() {
        assertThrows(IllegalArgumentException.class, () -> PercentileChart.svg("t", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> PercentileChart.svg("t",
                Map.of("ringcache", latencies(9, 1, 9))));
    }
}
