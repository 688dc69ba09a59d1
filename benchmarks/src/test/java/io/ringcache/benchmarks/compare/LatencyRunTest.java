package io.ringcache.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringcache.server.CacheNode;
import io.ringcache.server.NodeContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Compare latency}'s options, and one short run against a real node on a loopback port. */
class LatencyRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static CacheNode node;

    @TempDir
    Path dir;

    @BeforeAll
    static void startNode() throws InterruptedException {
        node = CacheNode.start(new NodeContext().port(0).maxMemory(16L << 20).ioThreads(1));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    private LatencyOptions options(String... args) throws IOException {
        return LatencyOptions.parse(new Args(args, 0));
    }

    @Test
    void defaultsAreSeventyPercentOfThePeakOnTheUniform90To10Workload() throws Exception {
        LatencyOptions options = options("--ringcache", "127.0.0.1:1", "--out", dir.resolve("l.json").toString());
        assertEquals(70, options.loadPercent());
        assertEquals(List.of("read90-uniform"), options.workloads().stream().map(Workload::name).toList());
        assertEquals(Map.of("ringcache", "127.0.0.1:1"), options.addresses());
        assertEquals(Duration.ofSeconds(20), options.duration());
        assertEquals(1024, options.maxInFlight());
        assertEquals(70_000, options.rateAt(100_000));
        assertEquals(1, options.rateAt(1));
        assertEquals(0, options.knownPeak("read90-uniform", "ringcache"));
        assertEquals(List.of(), options.sweep());
        assertEquals(1, options.rounds());
    }

    @Test
    void theSweepTakesRisingPercents() throws IOException {
        String out = dir.resolve("l.json").toString();
        assertEquals(List.of(20, 40, 100), options("--redis", "127.0.0.1:1", "--out", out, "--sweep", "20, 40,100")
                .sweep());
        for (String bad : List.of("40,20", "0,50", "50,101", "50,50", "half")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> options("--redis", "127.0.0.1:1", "--out", out, "--sweep", bad));
            assertTrue(refused.getMessage().contains("--sweep"), refused.getMessage());
        }
        assertEquals(150, LatencyOptions.share(300, 50));
        assertEquals(1, LatencyOptions.share(1, 10));
    }

    @Test
    void badOptionsAreRefusedBeforeAnyServerIsTouched() throws IOException {
        String out = dir.resolve("l.json").toString();
        assertThrows(IllegalArgumentException.class, () -> options("--out", out));
        assertThrows(IllegalArgumentException.class, () -> options("--redis", "127.0.0.1:1", "--out", out,
                "--load-percent", "0"));
        assertThrows(IllegalArgumentException.class, () -> options("--redis", "127.0.0.1:1", "--out", out,
                "--load-percent", "101"));
        assertThrows(IllegalArgumentException.class, () -> options("--redis", "127.0.0.1:1", "--out", out,
                "--rate", "5"));
        assertThrows(IllegalArgumentException.class, () -> options("--redis", "127.0.0.1:1", "--out", out,
                "--generator", "threads"));
        assertThrows(IllegalArgumentException.class, () -> options("--redis", "127.0.0.1:1", "--out", out,
                "--workloads", "mget100-uniform"));
        assertEquals(LatencyOptions.CLIENTS, options("--redis", "127.0.0.1:1", "--out", out, "--workloads",
                "mget100-uniform", "--generator", "clients").generator(), "the clients generator sends batches");
        assertThrows(IllegalArgumentException.class, () -> options("--redis", "127.0.0.1:1", "--out", out,
                "--duration", "0"));
        assertThrows(IllegalArgumentException.class, () -> options("--redis", "127.0.0.1:1", "--out", out,
                "--rounds", "0"));
        assertThrows(IllegalArgumentException.class, () -> options("--redis", "127.0.0.1:1"));
    }

    @Test
    void peaksComeFromARunsThroughputsWhenGiven() throws Exception {
        Path perCore = peaks(1_000);
        LatencyOptions options = options("--ringcache", "127.0.0.1:1", "--peaks", perCore.toString(),
                "--peak-duration", "0", "--load-percent", "50", "--generator", "clients", "--out",
                dir.resolve("l.json").toString());
        assertEquals(1_000, options.knownPeak("read90-uniform", "ringcache"));
        assertEquals(0, options.knownPeak("read90-uniform", "redis"));
        assertEquals(0, options.knownPeak("read50-uniform", "ringcache"));
        assertEquals(500, options.rateAt(1_000));

        LatencyOptions wire = options("--ringcache", "127.0.0.1:1", "--peaks", perCore.toString(), "--out",
                dir.resolve("l.json").toString());
        assertEquals(0, wire.knownPeak("read90-uniform", "ringcache"), "the wire generator measures its own peaks");
        assertThrows(IllegalArgumentException.class, () -> options("--ringcache", "127.0.0.1:1", "--peaks",
                perCore.toString(), "--peak-duration", "0", "--out", dir.resolve("l.json").toString()));
    }

    @Test
    void aRunAgainstANodeWritesItsFiguresDistributionChartAndTable() throws Exception {
        Path out = dir.resolve("latency.json");
        LatencyOptions options = options("--ringcache", "127.0.0.1:" + node.port(), "--keys", "1000",
                "--peaks", peaks(1_000).toString(), "--warmup", "200ms", "--duration", "1s", "--sessions", "4",
                "--connections", "2", "--generator", "clients", "--rounds", "2", "--out", out.toString());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        LatencyRun.run(options, new PrintStream(printed, true, StandardCharsets.UTF_8));

        JsonNode result = JSON.readTree(out.toFile());
        assertEquals(2, result.path("rounds").asInt());
        JsonNode run = result.path("workloads").get(0).path("runs").get(0);
        assertEquals("own_peak", run.path("mode").asText());
        assertEquals(1, result.path("workloads").get(0).path("runs").size(), "one server: no equal-rate rounds");
        JsonNode ringcache = run.path("systems").path("ringcache");
        assertEquals(1_000, ringcache.path("peak_ops_per_sec").asLong());
        assertEquals("given", ringcache.path("peak_from").asText());
        assertEquals(700, ringcache.path("target_per_sec").asLong());
        assertEquals(2 * 700, ringcache.path("sent").asLong() + ringcache.path("unsent").asLong(),
                "two rounds of a second at 700/s, merged");
        List<Long> roundP99s = new ArrayList<>();
        ringcache.path("round_p99_us").forEach(p99 -> roundP99s.add(p99.asLong()));
        assertEquals(2, roundP99s.size());
        assertTrue(ringcache.path("p99_us").asLong() >= roundP99s.stream().mapToLong(Long::longValue).min()
                .orElseThrow() && ringcache.path("p99_us").asLong() <= roundP99s.stream().mapToLong(Long::longValue)
                .max().orElseThrow(), "the merged p99 lies between the rounds' " + roundP99s);
        assertTrue(ringcache.path("rounds_within_1ms").asLong() <= roundP99s.stream().filter(p99 -> p99 <= 1000)
                .count());
        assertEquals(ringcache.path("sent").asLong(), ringcache.path("operations").asLong()
                + ringcache.path("errors").asLong());
        assertEquals(0, ringcache.path("misses").asLong(), "every key was preloaded");
        assertTrue(ringcache.path("p99_us").asLong() >= ringcache.path("p50_us").asLong());
        assertTrue(ringcache.path("p99_us").asLong() >= ringcache.path("p99_from_send_us").asLong(),
                "a request is sent at or after its intended time");

        String hgrm = Files.readString(dir.resolve(ringcache.path("hgrm").asText()));
        assertTrue(hgrm.contains("Value     Percentile TotalCount 1/(1-Percentile)"), hgrm);
        assertTrue(hgrm.matches("(?s).*Total count += +" + ringcache.path("operations").asLong() + "]\n.*"), hgrm);
        Path svg = dir.resolve(run.path("svg").asText());
        assertEquals("svg", DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile())
                .getDocumentElement().getTagName());

        String table = printed.toString(StandardCharsets.UTF_8);
        assertTrue(table.startsWith("### Latency at 70% of peak (open loop): 1,000 keys, 2 × 1 s rounds"), table);
        assertTrue(table.contains(String.format(Locale.ROOT, "| %,d / %,d |%n", roundP99s.get(0), roundP99s.get(1))),
                table);
        assertTrue(table.contains("| 90/10 read/write, uniform, 1 KiB | 70% of own peak | ringcache | 1,000 | 700 |"),
                table);
        Map<String, Object> summary = Report.summary(null, null, List.of(), result);
        assertEquals(Map.of("read90-uniform", Map.of("ringcache", ringcache.path("p99_us").asLong())),
                summary.get("p99_us_at_70pct"));
        assertEquals(Map.of(), summary.get("p99_us_at_70pct_equal_rate"));
        assertFalse(summary.containsKey("min_ratio_vs_redis") && summary.get("min_ratio_vs_redis") != null);
    }

    @Test
    void theWireGeneratorMeasuresThePeakAndRunsAtItsShare() throws Exception {
        Path out = dir.resolve("latency.json");
        LatencyOptions options = options("--ringcache", "127.0.0.1:" + node.port(), "--keys", "1000",
                "--warmup", "200ms", "--peak-duration", "500ms", "--duration", "1s", "--sessions", "4",
                "--connections", "2", "--out", out.toString());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        LatencyRun.run(options, new PrintStream(printed, true, StandardCharsets.UTF_8));

        JsonNode result = JSON.readTree(out.toFile());
        assertEquals("wire", result.path("generator").asText());
        JsonNode ringcache = result.path("workloads").get(0).path("runs").get(0).path("systems").path("ringcache");
        long peak = ringcache.path("peak_ops_per_sec").asLong();
        assertTrue(peak > 1_000, "peak " + peak);
        assertEquals("measured", ringcache.path("peak_from").asText());
        assertEquals(options.rateAt(peak), ringcache.path("target_per_sec").asLong());
        assertEquals(ringcache.path("target_per_sec").asLong(), ringcache.path("sent").asLong()
                + ringcache.path("unsent").asLong());
        assertEquals(ringcache.path("sent").asLong(), ringcache.path("operations").asLong());
        assertEquals(0, ringcache.path("errors").asLong());
        assertEquals(0, ringcache.path("misses").asLong(), "every key was preloaded");
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("intended send time, wire generator"));
    }

    @Test
    void aSweepRunsTheServerAtEachShareOfThePeakAndFindsItsHighestRateWithinOneMillisecond() throws Exception {
        Path out = dir.resolve("latency.json");
        LatencyOptions options = options("--ringcache", "127.0.0.1:" + node.port(), "--keys", "1000",
                "--warmup", "200ms", "--peak-duration", "500ms", "--duration", "1s", "--sessions", "4",
                "--connections", "2", "--sweep", "1,2,100", "--out", out.toString());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        LatencyRun.run(options, new PrintStream(printed, true, StandardCharsets.UTF_8));

        JsonNode workload = JSON.readTree(out.toFile()).path("workloads").get(0);
        long peak = workload.path("runs").get(0).path("systems").path("ringcache").path("peak_ops_per_sec").asLong();
        JsonNode sweep = workload.path("sweep");
        assertEquals(peak, sweep.path("highest_peak").asLong());
        List<Long> rates = new ArrayList<>();
        long lastWithin = 0;
        for (JsonNode step : sweep.path("steps")) {
            long rate = step.path("rate").asLong();
            rates.add(rate);
            JsonNode ringcache = step.path("systems").path("ringcache");
            assertEquals(rate, ringcache.path("target_per_sec").asLong());
            assertEquals(rate, ringcache.path("sent").asLong() + ringcache.path("unsent").asLong(),
                    "a second at the rate");
            if (ringcache.path("p99_within_1ms").asBoolean()) {
                lastWithin = rate;
            }
        }
        assertEquals(List.of(LatencyOptions.share(peak, 1), LatencyOptions.share(peak, 2), peak), rates);
        assertEquals(lastWithin, sweep.path("rate_within_1ms").path("ringcache").asLong());
        Path svg = dir.resolve(sweep.path("svg").asText());
        assertEquals(3, DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile())
                .getElementsByTagName("circle").getLength());
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("\n\n### p99 against the open-loop rate: 90/10 "
                + "read/write, uniform, 1 KiB, 1 s rounds\n"), printed.toString(StandardCharsets.UTF_8));
    }

    /** A {@code Compare run} result in which Ringcache did {@code ops} requests/s on read90-uniform. */
    private Path peaks(long ops) throws IOException {
        Path file = dir.resolve("per-core.json");
        Files.writeString(file, "{\"workloads\":[{\"name\":\"read90-uniform\",\"systems\":{\"ringcache\":"
                + "{\"ops_per_sec\":" + ops + "}}}]}");
        return file;
    }
}
