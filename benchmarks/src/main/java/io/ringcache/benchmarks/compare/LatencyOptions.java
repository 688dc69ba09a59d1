package io.ringcache.benchmarks.compare;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringcache.benchmarks.load.KeySpace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code Compare latency} ({@link LatencyRun}), read and checked before any server is touched.
 *
 * @param addresses server name to {@code host:port}, for the servers to measure
 * @param keys the key space, preloaded before each value size
 * @param sessions closed-loop requests in flight for the warm-up and the peak
 * @param connections connections per server
 * @param clientThreads I/O threads of each server's client
 * @param workloads what to measure, each on every server
 * @param warmup an unmeasured closed-loop round per server and workload first
 * @param peakDuration the closed-loop round that measures a server's peak, when {@code peaks} does not hold it
 * @param peaks a {@code Compare run} result whose throughputs are the peaks, or null to measure them
 * @param loadPercent the share of the peak to run at, 1..100
 * @param duration each open-loop round
 * @param rounds open-loop rounds per server at each load, the servers in turn (A B C A B C); their latencies are
 *     merged, and each round's p99 is reported too
 * @param generator {@code wire} for {@link WireLoop} (one thread speaking each protocol itself, which measures the
 *     peaks it runs at a share of itself) or {@code clients} for {@link OpenLoop} (through each server's client)
 * @param senders open-loop sending threads of the {@code clients} generator
 * @param maxInFlight open-loop requests unanswered at a time, at most
 * @param preloadTimeout how long one preload batch may take
 * @param sweep shares of the highest peak, in percent and rising, at which each server also runs one round (those
 *     within its own peak), to find the highest rate at which its p99 is within 1 ms; empty for none
 * @param out the JSON result; the {@code .hgrm} and {@code .svg} files go beside it
 */
record LatencyOptions(Map<String, String> addresses, KeySpace keys, int sessions, int connections, int clientThreads,
        List<Workload> workloads, Duration warmup, Duration peakDuration, JsonNode peaks, int loadPercent,
        Duration duration, int rounds, String generator, int senders, int maxInFlight, Duration preloadTimeout,
        List<Integer> sweep, Path out) {

    static final String WIRE = "wire";
    static final String CLIENTS = "clients";

    static LatencyOptions parse(Args options) throws IOException {
        LatencyOptions parsed = new LatencyOptions(Compare.addresses(options),
                new KeySpace(options.number("keys", 1_000_000), options.integer("key-size", 100)),
                options.integer("sessions", 32), options.integer("connections", 8),
                options.integer("client-threads", 1),
                Workload.select(options.string("workloads", "read90-uniform")),
                options.duration("warmup", "5s"), options.duration("peak-duration", "10s"),
                Compare.read(options.string("peaks", null)), options.integer("load-percent", 70),
                options.duration("duration", "20s"), options.integer("rounds", 1), options.string("generator", WIRE),
                options.integer("senders", 1),
                options.integer("max-in-flight", 1024), options.duration("preload-timeout", "30s"),
                percents(options.string("sweep", "")), Path.of(options.required("out")));
        options.checkAllUsed();
        if (parsed.addresses.isEmpty()) {
            throw new IllegalArgumentException("latency needs at least one of --ringcache, --redis, --memcached");
        }
        if (parsed.loadPercent < 1 || parsed.loadPercent > 100) {
            throw new IllegalArgumentException("--load-percent must be 1..100, was " + parsed.loadPercent);
        }
        if (parsed.rounds < 1) {
            throw new IllegalArgumentException("--rounds must be 1 or more, was " + parsed.rounds);
        }
        if (!parsed.generator.equals(WIRE) && !parsed.generator.equals(CLIENTS)) {
            throw new IllegalArgumentException("--generator must be wire or clients, was '" + parsed.generator + "'");
        }
        if (parsed.generator.equals(WIRE) && parsed.workloads.stream().anyMatch(w -> w.batch() > 0)) {
            throw new IllegalArgumentException("the wire generator sends single-key requests only: choose other "
                    + "--workloads, or --generator clients");
        }
        if (parsed.duration.isZero() || parsed.peakDuration.isZero() && (parsed.peaks == null || parsed.wire())) {
            throw new IllegalArgumentException("latency needs a --duration, and a --peak-duration unless --peaks "
                    + "gives the peaks to the clients generator");
        }
        return parsed;
    }

    /** {@code --sweep}'s comma-separated percents, each 1..100 and above the one before. */
    static List<Integer> percents(String list) {
        List<Integer> percents = new ArrayList<>();
        for (String item : list.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int percent;
            try {
                percent = Integer.parseInt(item.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--sweep takes percents such as 20,40,60, not '" + list + "'");
            }
            if (percent < 1 || percent > 100 || !percents.isEmpty() && percent <= percents.get(percents.size() - 1)) {
                throw new IllegalArgumentException("--sweep takes rising percents, each 1..100, not '" + list + "'");
            }
            percents.add(percent);
        }
        return List.copyOf(percents);
    }

    /** The rate that is {@code percent} of {@code peak}, at least 1 request per second. */
    static long share(double peak, int percent) {
        return Math.max(1, Math.round(peak * percent / 100));
    }

    /**
     * The peak of {@code system} on {@code workload} as {@link #peaks} gives it (its requests per second in a
     * {@code Compare run} result), or 0 when it does not, or when the {@code wire} generator measures its own.
     */
    long knownPeak(String workload, String system) {
        if (peaks == null || wire()) {
            return 0;
        }
        for (JsonNode row : peaks.path("workloads")) {
            if (row.path("name").asText().equals(workload)) {
                return row.path("systems").path(system).path("ops_per_sec").asLong();
            }
        }
        return 0;
    }

    /** The rate that is {@link #loadPercent} of {@code peak}, at least 1 request per second. */
    long rateAt(double peak) {
        return share(peak, loadPercent);
    }

    boolean wire() {
        return generator.equals(WIRE);
    }
}
