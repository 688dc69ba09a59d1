package io.ringcache.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringcache.server.CacheNode;
import io.ringcache.server.NodeContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ringcache bench}: a short load run and the write/read correctness check, against a real node; and
 * {@code bench ring}, the placement simulation, which needs none.
 */
class BenchCommandTest {
    private static CacheNode node;
    private static String seed;

    @BeforeAll
    static void startNode() throws InterruptedException {
        node = CacheNode.start(new NodeContext().port(0).maxMemory(64L << 20).ioThreads(1));
        seed = "127.0.0.1:" + node.port();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    /** Runs the launcher; returns exit code and the lines it printed. */
    private static int run(List<String> lines, String... args) {
        StringWriter out = new StringWriter();
        int exit = Ringcache.run(args, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        lines.addAll(out.toString().lines().toList());
        return exit;
    }

    private static JsonNode lastJson(List<String> lines) throws IOException {
        return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }

    @Test
    void loadRun_printsProgress_andEndsWithOneJsonLine() throws IOException {
        List<String> lines = new ArrayList<>();
        int exit = run(lines, "bench", "--seed", seed, "--duration", "2s", "--connections", "8", "--keys", "2000",
                "--value-size", "256", "--read-ratio", "0.5", "--distribution", "zipf:0.99", "--json");
        assertEquals(0, exit, String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(line -> line.contains("ops/s") && line.contains("p99")), lines.toString());
        JsonNode result = lastJson(lines);
        for (String field : new String[] {"ops_per_sec", "p50_us", "p99_us", "p999_us", "errors", "misses"}) {
            assertTrue(result.has(field), field);
        }
        assertTrue(result.get("ops_per_sec").asLong() > 0);
        assertEquals(0, result.get("errors").asLong());
    }

    @Test
    void checkRead_afterCheckWrite_findsEveryKeyIntact_andExitsZero() throws IOException {
        List<String> written = new ArrayList<>();
        assertEquals(0, run(written, "bench", "--seed", seed, "--check", "write", "--keys", "3000", "--key-size",
                "40", "--json"));
        List<String> read = new ArrayList<>();
        assertEquals(0, run(read, "bench", "--seed", seed, "--check", "read", "--keys", "3000", "--key-size", "40",
                "--json"));
        JsonNode result = lastJson(read);
        assertEquals(3000, result.get("found").asLong());
        assertEquals(0, result.get("missing").asLong());
        assertEquals(0, result.get("corrupt").asLong());
    }

    @Test
    void checkRead_ofKeysNeverWritten_reportsThemMissing_andExitsNonZero() throws IOException {
        List<String> read = new ArrayList<>();
        int exit = run(read, "bench", "--seed", seed, "--check", "read", "--keys", "500", "--key-size", "60",
                "--json");
        assertEquals(1, exit);
        assertEquals(500, lastJson(read).get("missing").asLong());
    }

    @Test
    void checkRead_ofOverwrittenValues_reportsThemCorrupt() throws IOException {
        List<String> ignored = new ArrayList<>();
        run(ignored, "bench", "--seed", seed, "--check", "write", "--keys", "100", "--key-size", "70");
        run(ignored, "cli", "--seed", seed, "put", "key:7" + ".".repeat(70 - 5), "tampered");
        List<String> read = new ArrayList<>();
        assertEquals(1, run(read, "bench", "--seed", seed, "--check", "read", "--keys", "100", "--key-size", "70",
                "--json"));
        assertEquals(1, lastJson(read).get("corrupt").asLong());
    }

    @Test
    void ring_simulatesPlacementAtSmallScale_andEndsWithOneJsonLineOfTheFigures() throws IOException {
        List<String> lines = new ArrayList<>();
        int exit = run(lines, "bench", "ring", "--nodes", "50", "--vnodes", "100", "--keys", "200000", "--weights",
                "100,200", "--json");
        assertEquals(0, exit, String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("keys per node over fair share")),
                lines.toString());
        JsonNode result = lastJson(lines);
        assertEquals("ring", result.get("placement").asText());
        assertEquals(50, result.get("nodes").asInt());
        assertEquals(100, result.get("vnodes").asInt());
        assertEquals(200_000, result.get("keys").asLong());
        assertEquals("100,200", result.get("weights").asText());
        double maxOverMean = result.get("max_over_mean").asDouble();
        assertTrue(maxOverMean >= 1 && maxOverMean < 1.5, result.toString());
        double join = result.get("moved_over_ideal_join").asDouble();
        double leave = result.get("moved_over_ideal_leave").asDouble();
        assertTrue(join > 0.7 && join < 1.3 && leave > 0.7 && leave < 1.3, result.toString());
        assertEquals(Math.max(join, leave), result.get("moved_over_ideal").asDouble(), 1e-9);
        assertEquals(result.get("moved_join").asLong(), result.get("moved_join_to_new_node").asLong());
        assertTrue(result.get("lookup_ns").asDouble() > 0);
        assertTrue(result.get("topology_bytes").asInt() > 13 + 50 * 8, result.toString());
    }

    @Test
    void ring_withSeveralVnodeCounts_runsOnceForEach_andDrawsThemIntoOneSvg(@TempDir Path dir) throws IOException {
        Path chart = dir.resolve("share.svg");
        List<String> lines = new ArrayList<>();
        int exit = run(lines, "bench", "ring", "--nodes", "20", "--vnodes", "10,40", "--keys", "20000", "--json",
                "--svg", chart.toString());
        assertEquals(0, exit, String.join("\n", lines));
        List<JsonNode> results = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("{")) {
                results.add(new ObjectMapper().readTree(line));
            }
        }
        assertEquals(2, results.size(), lines.toString());
        assertEquals(10, results.get(0).get("vnodes").asInt());
        assertEquals(40, results.get(1).get("vnodes").asInt());
        String svg = Files.readString(chart);
        assertTrue(svg.startsWith("<svg") && svg.endsWith("</svg>\n"), svg);
        assertEquals(2, svg.split("<polyline").length - 1, svg);
        assertTrue(lines.contains("chart written to " + chart), lines.toString());
    }

    @Test
    void ring_withAnUnknownPlacement_exitsWithAnError() {
        List<String> lines = new ArrayList<>();
        assertEquals(ExitCode.ERROR, run(lines, "bench", "ring", "--nodes", "10", "--keys", "1000", "--placement",
                "jump"));
    }
}
