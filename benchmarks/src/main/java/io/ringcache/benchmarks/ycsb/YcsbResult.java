package io.ringcache.benchmarks.ycsb;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one YCSB run, read from the text YCSB prints when it ends ({@code [SECTION], metric, value} lines,
 * with {@code hdrhistogram.percentiles=50,99}): throughput, read and update latency percentiles, and how many reads
 * and updates did not answer OK (errors, and NOT_FOUND for a record that should be there). A percentile is null when
 * the run had no such operation, as workload C has no updates.
 */
record YcsbResult(double opsPerSec, Long readP50Us, Long readP99Us, Long updateP50Us, Long updateP99Us,
        long notOk) {

    static YcsbResult parse(List<String> lines) {
        Map<String, String> metrics = new HashMap<>();
        long notOk = 0;
        for (String line : lines) {
            if (!line.startsWith("[")) {
                continue;
            }
            String[] parts = line.split(",\\s*", 3);
            if (parts.length != 3) {
                continue;
            }
            metrics.put(parts[0] + " " + parts[1], parts[2].trim());
            boolean counted = parts[0].equals("[READ]") || parts[0].equals("[UPDATE]");
            if (counted && parts[1].startsWith("Return=") && !parts[1].equals("Return=OK")) {
                notOk += Long.parseLong(parts[2].trim());
            }
        }
        String throughput = metrics.get("[OVERALL] Throughput(ops/sec)");
        if (throughput == null) {
            throw new IllegalArgumentException("no [OVERALL] Throughput(ops/sec) line: not the end of a YCSB run");
        }
        return new YcsbResult(Double.parseDouble(throughput), micros(metrics, "[READ] 50th"),
                micros(metrics, "[READ] 99th"), micros(metrics, "[UPDATE] 50th"), micros(metrics, "[UPDATE] 99th"),
                notOk);
    }

    private static Long micros(Map<String, String> metrics, String sectionAndPercentile) {
        String value = metrics.get(sectionAndPercentile + "PercentileLatency(us)");
        return value == null ? null : Math.round(Double.parseDouble(value));
    }
}
