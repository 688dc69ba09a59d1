package io.ringcache.benchmarks.ycsb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YCSB's closing text read back, and the table and JSON line made of a directory of runs. */
class YcsbReportTest {

    @TempDir
    Path results;

    @Test
    void aRunsFiguresAreReadFromYcsbsClosingLines() {
        YcsbResult result = YcsbResult.parse(output(14657.3, 149, 1041, 154, 1097,
                "[READ], Return=NOT_FOUND, 3", "[UPDATE], Return=ERROR, 2"));
        assertEquals(14657.3, result.opsPerSec());
        assertEquals(149L, result.readP50Us());
        assertEquals(1041L, result.readP99Us());
        assertEquals(154L, result.updateP50Us());
        assertEquals(1097L, result.updateP99Us());
        assertEquals(5, result.notOk());
    }

    @Test
    void aRunWithoutUpdatesHasNoUpdatePercentiles() {
        YcsbResult result = YcsbResult.parse(output(100, 10, 20, null, null));
        assertNull(result.updateP50Us());
        assertNull(result.updateP99Us());
        assertEquals(0, result.notOk());
    }

    @Test
    void textWithoutAThroughputIsNotARun() {
        assertThrows(IllegalArgumentException.class,
                () -> YcsbResult.parse(List.of("Loading workload...", "[READ], Operations, 5")));
    }

    @Test
    void theTableShowsMediansOverRoundsAndRingcachesRatios() throws IOException {
        write("a-ringcache-1.txt", output(300, 100, 900, 110, 1000));
        write("a-ringcache-2.txt", output(200, 120, 700, 130, 800));
        write("a-ringcache-3.txt", output(250, 140, 800, 150, 1200, "[READ], Return=ERROR, 4"));
        write("a-redis-1.txt", output(100, 200, 2000, 210, 2100));
        write("a-redis-2.txt", output(125, 220, 2200, 230, 2300));
        write("c-ringcache-1.txt", output(400, 50, 500, null, null));
        write("c-memcached-1.txt", output(500, 40, 400, null, null));
        write("not-a-run.log", List.of("ignored"));
        Files.writeString(results.resolve("settings.properties"), "records=100000\nthreads=32\nrf=1\n");
        YcsbReport report = YcsbReport.read(results);

        String table = report.table();
        assertTrue(table.contains("| A: 50% read, 50% update | ringcache | 250 | 300 / 200 / 250 | 120 | 800 | 130 "
                + "| 1,000 | 4 | — |"), table);
        assertTrue(table.contains("| A: 50% read, 50% update | redis | 113 | 100 / 125 | 210 | 2,100 | 220 | 2,200 "
                + "| 0 | 2.22 |"), table);
        assertTrue(table.contains("| C: 100% read | memcached | 500 | 500 | 40 | 400 | — | — | 0 | 0.80 |"), table);
        assertTrue(table.indexOf("| ringcache |") < table.indexOf("| redis |"), table);

        Map<String, Object> summary = report.summary();
        assertEquals(2.222, summary.get("min_ratio_vs_redis"));
        assertEquals(Map.of("a", 2.222), summary.get("ratio_vs_redis"));
        assertEquals(0.8, summary.get("min_ratio_vs_memcached"));
        assertEquals(Map.of("a", Map.of("ringcache", 250L, "redis", 113L), "c", Map.of("ringcache", 400L,
                "memcached", 500L)), summary.get("ops_per_sec"));
        assertEquals(Map.of("a", Map.of("ringcache", 4L, "redis", 0L), "c", Map.of("ringcache", 0L,
                "memcached", 0L)), summary.get("not_ok"));
        assertEquals(Map.of("records", 100000L, "threads", 32L, "rf", 1L), summary.get("settings"));
    }

    @Test
    void aDirectoryWithoutRunsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> YcsbReport.read(results));
    }

    private void write(String name, List<String> lines) throws IOException {
        Files.write(results.resolve(name), lines, StandardCharsets.UTF_8);
    }

    /** The closing lines of a YCSB run as YCSB 0.17 prints them with hdrhistogram.percentiles=50,99. */
    private static List<String> output(double opsPerSec, long readP50, long readP99, Integer updateP50,
            Integer updateP99, String... more) {
        List<String> lines = new ArrayList<>(List.of(
                "Starting test.",
                "[OVERALL], RunTime(ms), 3029",
                "[OVERALL], Throughput(ops/sec), " + opsPerSec,
                "[TOTAL_GCs], Count, 5",
                "[READ], Operations, 22228",
                "[READ], 50thPercentileLatency(us), " + readP50,
                "[READ], 99thPercentileLatency(us), " + readP99,
                "[READ], Return=OK, 22228",
                "[CLEANUP], 50thPercentileLatency(us), 1",
                "[CLEANUP], Return=ERROR, 7"));
        if (updateP50 != null) {
            lines.add("[UPDATE], 50thPercentileLatency(us), " + updateP50);
            lines.add("[UPDATE], 99thPercentileLatency(us), " + updateP99);
            lines.add("[UPDATE], Return=OK, 22169");
        }
        lines.addAll(List.of(more));
        return lines;
    }
}
