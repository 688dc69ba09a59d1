package io.ringcache.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The p99-against-rate chart is well-formed SVG with a dot per round, a line per server and a 1-2-5 rate axis. */
class LoadLatencyChartTest {

    @Test
    void aDotPerRoundAndALinePerServer() throws Exception {
        Map<String, List<LoadLatencyChart.Point>> curves = new LinkedHashMap<>();
        curves.put("ringcache", List.of(new LoadLatencyChart.Point(50_000, 120),
                new LoadLatencyChart.Point(100_000, 300), new LoadLatencyChart.Point(150_000, 2_400)));
        curves.put("memcached", List.of(new LoadLatencyChart.Point(50_000, 90)));
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(
                LoadLatencyChart.svg("a title", curves).getBytes(StandardCharsets.UTF_8)));

        assertEquals(4, svg.getElementsByTagName("circle").getLength());
        assertEquals(2, svg.getElementsByTagName("polyline").getLength());
        List<String> texts = texts(svg.getElementsByTagName("text"));
        assertTrue(texts.containsAll(List.of("a title", "ringcache", "memcached", "1 ms", "p99, µs (log scale)",
                "0", "20,000", "160,000", "50", "5,000")), texts.toString());
        assertTrue(!texts.contains("180,000") && !texts.contains("20"), texts.toString());
    }

    @Test
    void theRateAxisStepsIn125SoThatAtMostEightStepsReachTheHighestRate() {
        assertEquals(1, LoadLatencyChart.rateStep(8));
        assertEquals(2, LoadLatencyChart.rateStep(9));
        assertEquals(20_000, LoadLatencyChart.rateStep(150_000));
        assertEquals(50_000, LoadLatencyChart.rateStep(340_000));
        assertEquals(50_000, LoadLatencyChart.rateStep(400_000));
        assertEquals(100_000, LoadLatencyChart.rateStep(400_001));
    }

    private static List<String> texts(NodeList nodes) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }
}
