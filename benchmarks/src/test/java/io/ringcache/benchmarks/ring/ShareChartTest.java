package io.ringcache.benchmarks.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The per-node share chart is well-formed SVG with one sorted curve per run, and small. */
class ShareChartTest {
    private static RingReport run(int vnodes) {
        return new RingSimulation(40, vnodes, 50_000, new int[] {100, 200}, Placement.parse("ring")).run();
    }

    @Test
    void oneCurvePerRun_withAPointPerNode_risingFromTheIdlestToTheBusiestNode() throws Exception {
        RingReport few = run(10);
        RingReport many = run(160);
        String svg = ShareChart.svg(List.of(few, many));
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", document.getDocumentElement().getTagName());
        NodeList curves = document.getElementsByTagName("polyline");
        assertEquals(2, curves.getLength());
        for (int c = 0; c < 2; c++) {
            String[] points = ((Element) curves.item(c)).getAttribute("points").split(" ");
            assertEquals(40, points.length);
            for (int i = 1; i < points.length; i++) {
                double x = Double.parseDouble(points[i].split(",")[0]);
                double y = Double.parseDouble(points[i].split(",")[1]);
                assertTrue(x > Double.parseDouble(points[i - 1].split(",")[0]), points[i]);
                // SVG's y grows downwards: a larger share is drawn higher up
                assertTrue(y <= Double.parseDouble(points[i - 1].split(",")[1]), points[i]);
            }
        }
        assertTrue(svg.contains(String.format(Locale.ROOT, "max %.3f", many.maxOverMean())), svg);
        assertTrue(svg.contains("weights 100,200"), svg);
        assertTrue(svg.length() < 20_000, "bytes: " + svg.length());
    }

    @Test
    void runsOfDifferentSizes_doNotShareAChart() {
        RingReport small = new RingSimulation(10, 20, 1_000, new int[] {100}, Placement.parse("ring")).run();
        assertThrows(IllegalArgumentException.class, () -> ShareChart.svg(List.of(small, run(20))));
        assertThrows(IllegalArgumentException.class, () -> ShareChart.svg(List.of()));
    }
}
