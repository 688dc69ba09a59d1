package io.ringcache.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tables and the closing JSON line, from the JSON that run and fill write. */
class ReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String RUN = "{\"label\":\"one core each\",\"keys\":1000,\"sessions\":32,\"connections\":8,"
            + "\"rounds\":3,\"round_seconds\":20.0,\"workloads\":["
            + workload("read90-uniform", 0, 90_000, 100_000, 60_000)
            + "," + workload("mget100-uniform", 100, 5_000, 4_000, 10_000) + "]}";

    private static String workload(String name, int batch, long ringcache, long redis, long memcached) {
        return "{\"name\":\"" + name + "\",\"label\":\"" + name + " label\",\"batch\":" + batch + ",\"systems\":{"
                + system("ringcache", ringcache) + "," + system("redis", redis) + "," + system("memcached", memcached)
                + "}}";
    }

    private static String system(String name, long ops) {
        return "\"" + name + "\":{\"ops_per_sec\":" + ops + ",\"round_ops_per_sec\":[" + ops + "," + ops + "],"
                + "\"p50_us\":100,\"p99_us\":900,\"p999_us\":2000,\"errors\":0,\"misses\":0}";
    }

    @Test
    void theLowestRatioOverTheOneCoreWorkloadsIsReportedWithItsWorkload() throws Exception {
        JsonNode run = JSON.readTree(RUN);
        JsonNode fill = JSON.readTree("{\"system\":\"redis\",\"keys\":1000,\"items\":1000,\"payload_bytes\":1124,"
                + "\"rss_empty\":1048576,\"rss_loaded\":3145728,\"bytes_per_entry\":2097.2,"
                + "\"overhead_per_entry\":973.2,\"reported_bytes\":2000000}");
        Map<String, Object> summary = Report.summary(run, null, List.of(fill), null);
        assertEquals(0.5, summary.get("min_ratio_vs_memcached"));
        assertEquals("mget100-uniform", summary.get("min_ratio_workload_vs_memcached"));
        assertEquals(0.9, summary.get("min_ratio_vs_redis"));
        assertEquals("read90-uniform", summary.get("min_ratio_workload_vs_redis"));
        assertEquals(Map.of("redis", 2097.2), summary.get("bytes_per_entry"));
        assertEquals(Map.of("redis", 973.2), summary.get("overhead_per_entry"));
        assertTrue(JSON.writeValueAsString(summary).startsWith("{\"min_ratio_vs_redis\":0.9,"));
    }

    @Test
    void ratiosAreNullWhenAServerDidNotRun() throws Exception {
        Map<String, Object> summary = Report.summary(null, null, List.of(), null);
        assertNull(summary.get("min_ratio_vs_redis"));
        assertEquals(Map.of(), summary.get("bytes_per_entry"));
        assertNull(Report.ratio(JSON.readTree("{\"redis\":{\"ops_per_sec\":5}}"), "redis"));
    }

    @Test
    void theTableHasARowPerServerWithRingcachesRatio() throws Exception {
        String table = Report.table(JSON.readTree(RUN));
        assertTrue(table.startsWith("### one core each: 1,000 keys, 32 requests in flight over 8 connections, 3 × 20 s"
                + " rounds\n"), table);
        assertTrue(table.contains("| read90-uniform label | redis | 100,000 | 100,000 / 100,000 | 100 | 900 | 2,000 | 0"
                + " | 0 | 0.90 |\n"), table);
        assertTrue(table.contains("| mget100-uniform label (ops = batches) | ringcache | 5,000 |"), table);
        assertEquals(2 + 2 + 6, table.split("\n").length);
    }

    @Test
    void theSweepTableHasARowPerRateAndEachServersHighestRateWithinOneMillisecond() throws Exception {
        JsonNode latency = JSON.readTree("{\"load_percent\":70,\"round_seconds\":10.0,\"workloads\":[{"
                + "\"name\":\"read90-uniform\",\"label\":\"uniform\",\"runs\":[{\"mode\":\"own_peak\","
                + "\"systems\":{\"ringcache\":{\"peak_ops_per_sec\":200000},\"redis\":{\"peak_ops_per_sec\":100000}}}],"
                + "\"sweep\":{\"highest_peak\":200000,\"rate_within_1ms\":{\"ringcache\":100000,\"redis\":0},"
                + "\"steps\":[{\"percent_of_highest_peak\":50,\"rate\":100000,\"systems\":{"
                + "\"ringcache\":{\"p99_us\":800,\"unsent\":0},\"redis\":{\"p99_us\":1500,\"unsent\":3}}},"
                + "{\"percent_of_highest_peak\":100,\"rate\":200000,\"systems\":{"
                + "\"ringcache\":{\"p99_us\":4000,\"unsent\":0}}}]}}]}");
        String table = Report.sweepTable(latency);
        assertEquals(String.join("\n", "### p99 against the open-loop rate: uniform, 10 s rounds", "",
                "| rate/s | % of highest peak | ringcache p99 µs | redis p99 µs |",
                "| ---: | ---: | ---: | ---: |",
                "| 100,000 | 50% | 800 | 1,500* |",
                "| 200,000 | 100% | 4,000 | — |",
                "| **highest rate with p99 ≤ 1 ms** | | 100,000 (50% of its peak of 200,000) "
                        + "| 0 (0% of its peak of 100,000) |", "", ""), table);
        assertEquals(Map.of("read90-uniform", JSON.readTree("{\"ringcache\":100000,\"redis\":0}")),
                Report.summary(null, null, List.of(), latency).get("rate_within_1ms_p99"));
        assertEquals("", Report.sweepTable(JSON.readTree(RUN)), "no sweep, no table");
    }
}
