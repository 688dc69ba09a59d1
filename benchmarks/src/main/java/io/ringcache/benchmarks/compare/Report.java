package io.ringcache.benchmarks.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the JSON that {@code Compare run} and {@code Compare fill} write into what docs/benchmarks.md shows: one
 * Markdown table per run, one for memory, and the summary line whose ratios are Ringcache's throughput divided by
 * each other server's, lowest over the workloads of the one-core-each run.
 */
final class Report {
    private static final String RINGCACHE = "ringcache";

    private Report() {
    }

    /** One run's table: a row per workload and server, with Ringcache's ratio to that server. */
    static String table(JsonNode run) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "### %s: %,d keys, %d requests in flight over %d connections, %d × %s s"
                + " rounds%n%n", run.path("label").asText(), run.path("keys").asLong(), run.path("sessions").asInt(),
                run.path("connections").asInt(), run.path("rounds").asInt(), seconds(run.path("round_seconds"))));
        out.append("| workload | server | ops/s | each round | p50 µs | p99 µs | p99.9 µs | errors | misses "
                + "| Ringcache ÷ server |\n");
        out.append("| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (JsonNode workload : run.path("workloads")) {
            JsonNode systems = workload.path("systems");
            String label = workload.path("label").asText();
            if (workload.path("batch").asInt() > 0) {
                label += " (ops = batches)";
            }
            for (String system : names(systems)) {
                JsonNode figures = systems.path(system);
                List<String> rounds = new ArrayList<>();
                figures.path("round_ops_per_sec").forEach(round -> rounds.add(String.format(Locale.ROOT, "%,d",
                        round.asLong())));
                Double ratio = system.equals(RINGCACHE) ? null : ratio(systems, system);
                out.append(String.format(Locale.ROOT, "| %s | %s | %,d | %s | %,d | %,d | %,d | %,d | %,d | %s |%n",
                        label, system, figures.path("ops_per_sec").asLong(), String.join(" / ", rounds),
                        figures.path("p50_us").asLong(), figures.path("p99_us").asLong(),
                        figures.path("p999_us").asLong(), figures.path("errors").asLong(),
                        figures.path("misses").asLong(),
                        ratio == null ? "—" : String.format(Locale.ROOT, "%.2f", ratio)));
            }
        }
        return out.toString();
    }

    /**
     * The open-loop rounds of {@code Compare latency}: a row per workload, load and server. The send lag is how late
     * the generator itself sent: latency it adds, which no server caused. The p99 from send is timed as a closed loop
     * times it, from the actual send. With several rounds per server, the percentiles are over all their requests and
     * the last column gives each round's own p99.
     */
    static String latencyTable(JsonNode latency) {
        int percent = latency.path("load_percent").asInt();
        StringBuilder out = new StringBuilder();
        int rounds = latency.path("rounds").asInt(1);
        out.append(String.format(Locale.ROOT, "### Latency at %d%% of peak (open loop): %,d keys, %s%s s rounds at a "
                + "fixed rate, latency from each request's intended send time, %s generator%n%n", percent,
                latency.path("keys").asLong(), rounds > 1 ? rounds + " × " : "",
                seconds(latency.path("round_seconds")), latency.path("generator").asText(LatencyOptions.CLIENTS)));
        out.append("| workload | load | server | peak ops/s | rate/s | achieved/s | p50 µs | p90 µs | p99 µs "
                + "| p99.9 µs | max µs | send lag p99 µs | p99 from send µs | errors | unsent | p99 ≤ 1 ms "
                + "| each round's p99 µs |\n");
        out.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
                + "| ---: | --- | --- |\n");
        for (JsonNode workload : latency.path("workloads")) {
            for (JsonNode run : workload.path("runs")) {
                String load = run.path("mode").asText().equals(LatencyRun.OWN_PEAK)
                        ? percent + "% of own peak" : percent + "% of lowest peak";
                JsonNode systems = run.path("systems");
                for (String system : names(systems)) {
                    JsonNode figures = systems.path(system);
                    List<String> roundP99s = new ArrayList<>();
                    figures.path("round_p99_us").forEach(p99 -> roundP99s.add(String.format(Locale.ROOT, "%,d",
                            p99.asLong())));
                    out.append(String.format(Locale.ROOT, "| %s | %s | %s | %,d | %,d | %,d | %,d | %,d | %,d | %,d "
                            + "| %,d | %,d | %,d | %,d | %,d | %s | %s |%n", workload.path("label").asText(), load,
                            system,
                            figures.path("peak_ops_per_sec").asLong(), figures.path("target_per_sec").asLong(),
                            figures.path("achieved_per_sec").asLong(), figures.path("p50_us").asLong(),
                            figures.path("p90_us").asLong(), figures.path("p99_us").asLong(),
                            figures.path("p999_us").asLong(), figures.path("max_us").asLong(),
                            figures.path("send_lag_p99_us").asLong(), figures.path("p99_from_send_us").asLong(),
                            figures.path("errors").asLong(),
                            figures.path("unsent").asLong(),
                            figures.path("p99_within_1ms").asBoolean() ? "yes" : "no",
                            roundP99s.isEmpty() ? "—" : String.join(" / ", roundP99s)));
                }
            }
        }
        return out.toString();
    }

    /**
     * The rounds of {@code Compare latency --sweep}, or nothing when it did not sweep: a row per rate with each
     * server's p99 (— where the rate was above its peak, and marked * where the round left requests unsent), then the
     * highest rate at which each server's p99 was within 1 ms, also as a share of its own peak.
     */
    static String sweepTable(JsonNode latency) {
        StringBuilder out = new StringBuilder();
        for (JsonNode workload : latency.path("workloads")) {
            JsonNode sweep = workload.path("sweep");
            if (sweep.isMissingNode()) {
                continue;
            }
            List<String> systems = names(sweep.path("rate_within_1ms"));
            JsonNode peaks = workload.path("runs").get(0).path("systems");
            out.append(String.format(Locale.ROOT, "### p99 against the open-loop rate: %s, %s s rounds%n%n",
                    workload.path("label").asText(), seconds(latency.path("round_seconds"))));
            out.append("| rate/s | % of highest peak |");
            systems.forEach(system -> out.append(' ').append(system).append(" p99 µs |"));
            out.append("\n| ---: | ---: |").append(" ---: |".repeat(systems.size())).append('\n');
            for (JsonNode step : sweep.path("steps")) {
                out.append(String.format(Locale.ROOT, "| %,d | %d%% |", step.path("rate").asLong(),
                        step.path("percent_of_highest_peak").asInt()));
                for (String system : systems) {
                    JsonNode figures = step.path("systems").path(system);
                    out.append(figures.isMissingNode() ? " — |" : String.format(Locale.ROOT, " %,d%s |",
                            figures.path("p99_us").asLong(), figures.path("unsent").asLong() > 0 ? "*" : ""));
                }
                out.append('\n');
            }
            out.append("| **highest rate with p99 ≤ 1 ms** | |");
            for (String system : systems) {
                long rate = sweep.path("rate_within_1ms").path(system).asLong();
                long peak = peaks.path(system).path("peak_ops_per_sec").asLong();
                out.append(String.format(Locale.ROOT, " %,d (%.0f%% of its peak of %,d) |", rate,
                        peak > 0 ? 100.0 * rate / peak : 0.0, peak));
            }
            out.append("\n\n");
        }
        return out.toString();
    }

    /** The memory phase: each server's RSS growth from empty to loaded, per entry held. */
    static String memoryTable(List<JsonNode> fills) {
        StringBuilder out = new StringBuilder();
        out.append("### Memory: RSS growth from empty to loaded\n\n");
        out.append("| server | entries held | RSS empty | RSS loaded | RSS growth per entry | beyond the payload "
                + "| server's own count per entry |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (JsonNode fill : fills) {
            long items = fill.path("items").asLong();
            long reported = fill.path("reported_bytes").asLong();
            out.append(String.format(Locale.ROOT, "| %s | %,d of %,d | %,.1f MiB | %,.1f MiB | %,.0f B | %,.0f B "
                    + "(payload %,d B) | %s |%n", fill.path("system").asText(), items, fill.path("keys").asLong(),
                    fill.path("rss_empty").asLong() / 1048576.0, fill.path("rss_loaded").asLong() / 1048576.0,
                    fill.path("bytes_per_entry").asDouble(), fill.path("overhead_per_entry").asDouble(),
                    fill.path("payload_bytes").asLong(), reported > 0 && items > 0
                            ? String.format(Locale.ROOT, "%,.0f B", reported / (double) items) : "—"));
        }
        return out.toString();
    }

    /**
     * The closing JSON line. Ratios are null when a server did not run; the open-loop p99s (per workload and server)
     * are there only when {@code latency} is, and the highest rates within a 1 ms p99 only when it swept.
     */
    static Map<String, Object> summary(JsonNode perCore, JsonNode allCores, List<JsonNode> memory,
            JsonNode latency) {
        Map<String, Object> summary = new LinkedHashMap<>();
        for (String other : List.of("redis", "memcached")) {
            Double lowest = null;
            String where = null;
            if (perCore != null) {
                for (JsonNode workload : perCore.path("workloads")) {
                    Double ratio = ratio(workload.path("systems"), other);
                    if (ratio != null && (lowest == null || ratio < lowest)) {
                        lowest = ratio;
                        where = workload.path("name").asText();
                    }
                }
            }
            summary.put("min_ratio_vs_" + other, lowest == null ? null : Math.round(lowest * 1000) / 1000.0);
            summary.put("min_ratio_workload_vs_" + other, where);
        }
        Map<String, Object> perEntry = new LinkedHashMap<>();
        Map<String, Object> overhead = new LinkedHashMap<>();
        for (JsonNode fill : memory) {
            perEntry.put(fill.path("system").asText(), fill.path("bytes_per_entry").asDouble());
            overhead.put(fill.path("system").asText(), fill.path("overhead_per_entry").asDouble());
        }
        summary.put("bytes_per_entry", perEntry);
        summary.put("overhead_per_entry", overhead);
        if (perCore != null) {
            summary.put("keys", perCore.path("keys").asLong());
            summary.put("round_seconds", perCore.path("round_seconds").asDouble());
            summary.put("rounds", perCore.path("rounds").asInt());
            summary.put("per_core_ops", throughputs(perCore));
        }
        if (allCores != null) {
            summary.put("all_cores_ops", throughputs(allCores));
        }
        if (latency != null) {
            String at = "p99_us_at_" + latency.path("load_percent").asInt() + "pct";
            summary.put(at, latencies(latency, LatencyRun.OWN_PEAK));
            summary.put(at + "_equal_rate", latencies(latency, LatencyRun.EQUAL_RATE));
            Map<String, JsonNode> withinTarget = new LinkedHashMap<>();
            for (JsonNode workload : latency.path("workloads")) {
                if (workload.has("sweep")) {
                    withinTarget.put(workload.path("name").asText(), workload.path("sweep").path("rate_within_1ms"));
                }
            }
            if (!withinTarget.isEmpty()) {
                summary.put("rate_within_1ms_p99", withinTarget);
            }
        }
        return summary;
    }

    /** Ringcache's throughput over {@code other}'s in one workload, or null if either did not run or did nothing. */
    static Double ratio(JsonNode systems, String other) {
        long ringcache = systems.path(RINGCACHE).path("ops_per_sec").asLong();
        long theirs = systems.path(other).path("ops_per_sec").asLong();
        return systems.has(RINGCACHE) && systems.has(other) && theirs > 0 ? ringcache / (double) theirs : null;
    }

    private static Map<String, Map<String, Long>> throughputs(JsonNode run) {
        Map<String, Map<String, Long>> table = new LinkedHashMap<>();
        for (JsonNode workload : run.path("workloads")) {
            Map<String, Long> row = new LinkedHashMap<>();
            JsonNode systems = workload.path("systems");
            names(systems).forEach(system -> row.put(system, systems.path(system).path("ops_per_sec").asLong()));
            table.put(workload.path("name").asText(), row);
        }
        return table;
    }

    /** Workload to server to the p99 of its open-loop round in {@code mode}. */
    private static Map<String, Map<String, Long>> latencies(JsonNode latency, String mode) {
        Map<String, Map<String, Long>> table = new LinkedHashMap<>();
        for (JsonNode workload : latency.path("workloads")) {
            for (JsonNode run : workload.path("runs")) {
                if (run.path("mode").asText().equals(mode)) {
                    Map<String, Long> row = new LinkedHashMap<>();
                    JsonNode systems = run.path("systems");
                    names(systems).forEach(system -> row.put(system, systems.path(system).path("p99_us").asLong()));
                    table.put(workload.path("name").asText(), row);
                }
            }
        }
        return table;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String seconds(JsonNode value) {
        double seconds = value.asDouble();
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }
}
