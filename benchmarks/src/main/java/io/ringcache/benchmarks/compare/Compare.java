package io.ringcache.benchmarks.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import io.ringcache.benchmarks.load.KeySpace;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * The measuring half of {@code benchmarks/compare.sh} (issue 6: Ringcache side by side with Redis and Memcached).
 * The script starts, pins and stops the servers; this drives them, in five subcommands:
 * <ul>
 *   <li>{@code run}: preloads every server, then runs each workload on each in alternating rounds (A B C A B C),
 *       prints its Markdown table and writes the figures as JSON to {@code --out};</li>
 *   <li>{@code latency}: each server's peak on a workload (a short closed-loop run, or the {@code run} JSON's),
 *       then fixed-rate open-loop rounds at a share of it ({@code --rounds} of them per server) and, with
 *       {@code --sweep}, at a series of rates ({@link LatencyRun}, driven by {@link WireLoop} or
 *       {@link OpenLoop});</li>
 *   <li>{@code fill}: the memory phase for one freshly started server: its RSS empty, then loaded with every key,
 *       each read once it has settled ({@link Rss#settled}); with {@code --smaps DIR}, a copy of its
 *       {@code /proc/<pid>/smaps} at both points, for {@code benchmarks/memory-breakdown.sh};</li>
 *   <li>{@code report}: the tables of the runs, the latencies and the memory phase, and last one JSON line of the
 *       ratios;</li>
 *   <li>{@code stalls}: how often the core it is pinned to is taken away ({@link CoreStalls}) and how late it
 *       wakes from idle ({@link WakeupLateness}), with no server running, as one JSON line.</li>
 * </ul>
 * Progress goes to stderr, results to stdout. Every step is bounded in time.
 */
public final class Compare {
    static final List<String> SYSTEMS = List.of("ringcache", "redis", "memcached");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SETTLE_POLL = Duration.ofMillis(500);

    private Compare() {
    }

    public static void main(String[] args) throws Exception {
        // Netty and Lettuce log through Netty's logger factory, which would pick logback, whose default with no
        // configuration file is DEBUG: Lettuce then logs every command and Redis measures the console. java.util
        // logging's default is INFO.
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        if (args.length == 0 || !List.of("run", "latency", "fill", "report", "stalls").contains(args[0])) {
            System.err.println("usage: Compare run|latency|fill|report|stalls --option value ... (see compare.sh)");
            System.exit(2);
        }
        Args options = new Args(args, 1);
        switch (args[0]) {
            case "run":
                run(options, System.out);
                break;
            case "latency":
                LatencyRun.run(LatencyOptions.parse(options), System.out);
                break;
            case "fill":
                fill(options);
                break;
            case "stalls":
                stalls(options, System.out);
                break;
            default:
                report(options, System.out);
                break;
        }
        System.exit(0);
    }

    /** Spins for {@code --duration}, then naps for as long: the core's stalls and its wake-ups, one JSON line. */
    private static void stalls(Args options, PrintStream out) throws IOException {
        Duration duration = options.duration("duration", "30s");
        Duration threshold = Duration.ofNanos(options.number("threshold-us", 10) * 1_000);
        Duration nap = Duration.ofNanos(options.number("nap-us", 200) * 1_000);
        options.checkAllUsed();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("spin", new CoreStalls(threshold).spin(duration).summary());
        result.put("nap_us", nap.toNanos() / 1_000);
        result.put("nap", new WakeupLateness().nap(duration, nap).summary());
        out.println(JSON.writeValueAsString(result));
    }

    static ComparedStore open(String system, String address, int connections, int ioThreads) {
        switch (system) {
            case "ringcache":
                return new RingcacheStore(address, connections, ioThreads);
            case "redis":
                return new RedisStore(address, connections, ioThreads);
            case "memcached":
                return new MemcachedStore(address, connections, ioThreads);
            default:
                throw new IllegalArgumentException("system must be one of " + SYSTEMS + ", was '" + system + "'");
        }
    }

    private static void run(Args options, PrintStream out) throws Exception {
        Map<String, String> addresses = addresses(options);
        String label = options.string("label", "one core each");
        KeySpace keys = new KeySpace(options.number("keys", 1_000_000), options.integer("key-size", 100));
        int sessions = options.integer("sessions", 32);
        int connections = options.integer("connections", 8);
        int clientThreads = options.integer("client-threads", 1);
        Duration duration = options.duration("duration", "20s");
        Duration warmup = options.duration("warmup", "5s");
        int rounds = options.integer("rounds", 3);
        List<Workload> workloads = Workload.select(options.string("workloads", "all"));
        Duration preloadTimeout = options.duration("preload-timeout", "30s");
        Path file = Path.of(options.required("out"));
        options.checkAllUsed();
        if (addresses.isEmpty() || rounds < 1 || duration.isZero()) {
            throw new IllegalArgumentException("run needs at least one of --ringcache, --redis, --memcached, "
                    + "--rounds of at least 1 and a --duration");
        }

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("label", label);
        result.put("keys", keys.count());
        result.put("key_size", keys.keySize());
        result.put("sessions", sessions);
        result.put("connections", connections);
        result.put("client_threads", clientThreads);
        result.put("round_seconds", duration.toMillis() / 1000.0);
        result.put("rounds", rounds);
        result.put("warmup_seconds", warmup.toMillis() / 1000.0);
        List<Map<String, Object>> rows = new ArrayList<>();
        result.put("workloads", rows);

        List<ComparedStore> stores = new ArrayList<>();
        try {
            for (Map.Entry<String, String> address : addresses.entrySet()) {
                stores.add(open(address.getKey(), address.getValue(), connections, clientThreads));
            }
            int loadedValueSize = -1;
            for (Workload workload : workloads) {
                if (workload.valueSize() != loadedValueSize) {
                    preload(stores, keys, workload.valueSize(), preloadTimeout);
                    loadedValueSize = workload.valueSize();
                }
                rows.add(runWorkload(stores, workload, keys, sessions, duration, warmup, rounds));
            }
        } finally {
            stores.forEach(ComparedStore::close);
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), result);
        out.print(Report.table(JSON.valueToTree(result)));
        out.flush();
    }

    /** The servers given as {@code --ringcache}, {@code --redis} and {@code --memcached}, by name, in that order. */
    static Map<String, String> addresses(Args options) {
        Map<String, String> addresses = new LinkedHashMap<>();
        for (String system : SYSTEMS) {
            String address = options.string(system, null);
            if (address != null) {
                addresses.put(system, address);
            }
        }
        return addresses;
    }

    /** Writes every key with {@code valueSize}-byte values into each store, one after the other. */
    static void preload(List<ComparedStore> stores, KeySpace keys, int valueSize, Duration timeout)
            throws InterruptedException, TimeoutException {
        for (ComparedStore store : stores) {
            Duration took = Preloader.fill(store, keys, valueSize, timeout);
            progress(String.format("%-9s preloaded %,d keys of %,d B values in %.1f s", store.name(), keys.count(),
                    valueSize, took.toMillis() / 1000.0));
        }
    }

    /** An unmeasured closed-loop round, so that JIT, caches and connections are warm before the measured ones. */
    static void warmUp(ComparedStore store, Workload workload, KeySpace keys, int sessions, Duration warmup)
            throws InterruptedException {
        if (!warmup.isZero()) {
            new ClosedLoop(store, workload, keys, sessions).run(warmup, line -> { });
            progress(String.format("%-9s warmed up for %d s", store.name(), warmup.toSeconds()));
        }
    }

    private static Map<String, Object> runWorkload(List<ComparedStore> stores, Workload workload, KeySpace keys,
            int sessions, Duration duration, Duration warmup, int rounds) throws InterruptedException {
        progress("== " + workload.name() + ": " + workload.label());
        Map<String, List<RoundResult>> results = new LinkedHashMap<>();
        for (ComparedStore store : stores) {
            results.put(store.name(), new ArrayList<>());
            warmUp(store, workload, keys, sessions, warmup);
        }
        for (int round = 1; round <= rounds; round++) {
            for (ComparedStore store : stores) {
                RoundResult result = new ClosedLoop(store, workload, keys, sessions).run(duration, Compare::progress);
                progress(String.format("%-9s round %d: %,.0f ops/s", store.name(), round, result.opsPerSecond()));
                results.get(store.name()).add(result);
            }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", workload.name());
        row.put("label", workload.label());
        row.put("batch", workload.batch());
        Map<String, Object> systems = new LinkedHashMap<>();
        results.forEach((system, list) -> systems.put(system, summarize(list)));
        row.put("systems", systems);
        return row;
    }

    /** Rounds of one server: the median round's throughput, and percentiles over every round's latencies. */
    static Map<String, Object> summarize(List<RoundResult> rounds) {
        Histogram all = new Histogram(rounds.get(0).latencies().getHighestTrackableValue(), 3);
        long errors = 0;
        long misses = 0;
        double[] throughputs = new double[rounds.size()];
        for (int i = 0; i < rounds.size(); i++) {
            RoundResult round = rounds.get(i);
            all.add(round.latencies());
            errors += round.errors();
            misses += round.misses();
            throughputs[i] = round.opsPerSecond();
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("ops_per_sec", Math.round(median(throughputs)));
        summary.put("round_ops_per_sec", Arrays.stream(throughputs).mapToObj(Math::round).toList());
        summary.put("operations", all.getTotalCount());
        summary.put("p50_us", all.getValueAtPercentile(50));
        summary.put("p99_us", all.getValueAtPercentile(99));
        summary.put("p999_us", all.getValueAtPercentile(99.9));
        summary.put("max_us", all.getMaxValue());
        summary.put("errors", errors);
        summary.put("misses", misses);
        return summary;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void fill(Args options) throws IOException, InterruptedException, TimeoutException {
        String system = options.required("system");
        String address = options.required("address");
        long pid = options.number("pid", -1);
        KeySpace keys = new KeySpace(options.number("keys", 1_000_000), options.integer("key-size", 100));
        int valueSize = options.integer("value-size", 1024);
        int connections = options.integer("connections", 8);
        Duration settle = options.duration("settle", "2s");
        Duration quiet = options.duration("quiet", "10s");
        Duration settleMax = options.duration("settle-max", "30s");
        Duration preloadTimeout = options.duration("preload-timeout", "30s");
        Path file = Path.of(options.required("out"));
        String smaps = options.string("smaps", null);
        options.checkAllUsed();
        if (pid <= 0) {
            throw new IllegalArgumentException("--pid of the server is required");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        try (ComparedStore store = open(system, address, connections, 1)) {
            StoreFacts empty = facts(store, preloadTimeout);
            Rss.Reading emptyReading = Rss.settled(() -> Rss.bytes(pid), settle, quiet, settleMax, SETTLE_POLL);
            long before = emptyReading.bytes();
            if (smaps != null) {
                Rss.copySmaps(pid, Path.of(smaps, "smaps.empty"));
            }
            Duration took = Preloader.fill(store, keys, valueSize, preloadTimeout);
            Rss.Reading loadedReading = Rss.settled(() -> Rss.bytes(pid), settle, quiet, settleMax, SETTLE_POLL);
            long after = loadedReading.bytes();
            if (smaps != null) {
                Rss.copySmaps(pid, Path.of(smaps, "smaps.loaded"));
            }
            StoreFacts loaded = facts(store, preloadTimeout);
            long entries = loaded.items() > 0 ? loaded.items() : keys.count();
            long payload = keys.keySize() + (long) valueSize;
            double perEntry = (after - before) / (double) entries;
            result.put("system", system);
            result.put("keys", keys.count());
            result.put("items_before", empty.items());
            result.put("items", loaded.items());
            result.put("payload_bytes", payload);
            result.put("rss_empty", before);
            result.put("rss_loaded", after);
            result.put("settle_ms_empty", emptyReading.waitedMillis());
            result.put("settle_ms_loaded", loadedReading.waitedMillis());
            result.put("settled", emptyReading.settled() && loadedReading.settled());
            result.put("bytes_per_entry", Math.round(perEntry * 10) / 10.0);
            result.put("overhead_per_entry", Math.round((perEntry - payload) * 10) / 10.0);
            result.put("reported_bytes", loaded.reportedBytes());
            result.put("fill_seconds", took.toMillis() / 1000.0);
            progress(String.format("%-9s %,d of %,d entries held; RSS %,d -> %,d bytes: %,.1f B per entry",
                    system, loaded.items(), keys.count(), before, after, perEntry));
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), result);
    }

    private static StoreFacts facts(ComparedStore store, Duration timeout)
            throws InterruptedException, TimeoutException {
        try {
            return store.facts().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(store.name() + ": cannot read its statistics", e.getCause());
        }
    }

    private static void report(Args options, PrintStream out) throws IOException {
        JsonNode perCore = read(options.string("per-core", null));
        JsonNode allCores = read(options.string("all-cores", null));
        JsonNode latency = read(options.string("latency", null));
        List<JsonNode> memory = new ArrayList<>();
        for (String path : options.string("memory", "").split(",")) {
            if (!path.isBlank()) {
                memory.add(JSON.readTree(Path.of(path).toFile()));
            }
        }
        options.checkAllUsed();
        if (perCore != null) {
            out.print(Report.table(perCore));
            out.println();
        }
        if (allCores != null) {
            out.print(Report.table(allCores));
            out.println();
        }
        if (latency != null) {
            out.print(Report.latencyTable(latency));
            out.println();
            out.print(Report.sweepTable(latency));
        }
        if (!memory.isEmpty()) {
            out.print(Report.memoryTable(memory));
            out.println();
        }
        out.println(JSON.writeValueAsString(Report.summary(perCore, allCores, memory, latency)));
        out.flush();
    }

    static JsonNode read(String path) throws IOException {
        return path == null || path.isBlank() ? null : JSON.readTree(Path.of(path).toFile());
    }

    static void progress(String line) {
        System.err.println(line);
        System.err.flush();
    }
}
