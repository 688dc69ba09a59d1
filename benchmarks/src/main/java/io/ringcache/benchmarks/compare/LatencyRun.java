package io.ringcache.benchmarks.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code Compare latency}, for issue 6's "p99 ≤ 1 ms at 70% of peak": per workload, each server's peak (a short
 * closed-loop round, or the throughput a {@code Compare run} already measured), then one fixed-rate
 * {@link OpenLoop} round per server at that share of its own peak, and one per server at that share of the lowest
 * peak, so that the servers are also compared at the same load. With {@code --rounds}, several such rounds per
 * server, the servers in turn; each server's latencies are merged over its rounds, and each round's p99 is kept.
 * With {@code --sweep}, each server then runs one round at each of a series of rates, the same for all, up to its
 * own peak: its p99 against the load, and the highest of those rates at which the p99 was within 1 ms. Writes the
 * figures as JSON, each server's latencies at each load as an HdrHistogram percentile distribution ({@code .hgrm},
 * in milliseconds as HdrHistogram's plotter reads them) and each set of rounds as an SVG chart of percentile curves
 * ({@link PercentileChart}), and prints the Markdown tables.
 */
final class LatencyRun {
    static final String OWN_PEAK = "own_peak";
    static final String EQUAL_RATE = "equal_rate";
    static final long TARGET_P99_MICROS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private LatencyRun() {
    }

    static void run(LatencyOptions options, PrintStream out) throws Exception {
        Path dir = options.out().toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("keys", options.keys().count());
        result.put("key_size", options.keys().keySize());
        result.put("load_percent", options.loadPercent());
        result.put("round_seconds", options.duration().toMillis() / 1000.0);
        result.put("rounds", options.rounds());
        result.put("peak_seconds", options.peakDuration().toMillis() / 1000.0);
        result.put("warmup_seconds", options.warmup().toMillis() / 1000.0);
        result.put("sessions", options.sessions());
        result.put("connections", options.connections());
        result.put("generator", options.generator());
        result.put("senders", options.senders());
        result.put("max_in_flight", options.maxInFlight());
        List<Map<String, Object>> rows = new ArrayList<>();
        result.put("workloads", rows);

        List<ComparedStore> stores = new ArrayList<>();
        try {
            for (Map.Entry<String, String> address : options.addresses().entrySet()) {
                stores.add(Compare.open(address.getKey(), address.getValue(), options.connections(),
                        options.clientThreads()));
            }
            int loadedValueSize = -1;
            for (Workload workload : options.workloads()) {
                if (workload.valueSize() != loadedValueSize) {
                    Compare.preload(stores, options.keys(), workload.valueSize(), options.preloadTimeout());
                    loadedValueSize = workload.valueSize();
                }
                rows.add(measure(stores, workload, options, dir));
            }
        } finally {
            stores.forEach(ComparedStore::close);
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(options.out().toFile(), result);
        JsonNode written = JSON.valueToTree(result);
        out.print(Report.latencyTable(written));
        String sweeps = Report.sweepTable(written);
        out.print(sweeps.isEmpty() ? "" : "\n" + sweeps);
        out.flush();
    }

    private static Map<String, Object> measure(List<ComparedStore> stores, Workload workload, LatencyOptions options,
            Path dir) throws InterruptedException, IOException {
        Compare.progress("== latency: " + workload.name() + ": " + workload.label());
        Map<String, Long> peaks = new LinkedHashMap<>();
        Map<String, String> peakFrom = new LinkedHashMap<>();
        for (ComparedStore store : stores) {
            long peak = options.knownPeak(workload.name(), store.name());
            peakFrom.put(store.name(), peak > 0 ? "given" : "measured");
            if (peak == 0) {
                peak = warmUpAndMeasurePeak(store, workload, options);
            } else {
                Compare.warmUp(store, workload, options.keys(), options.sessions(), options.warmup());
            }
            Compare.progress(String.format("%-9s peak %,d ops/s (%s)", store.name(), peak, peakFrom.get(store.name())));
            peaks.put(store.name(), peak);
        }
        long lowest = Collections.min(peaks.values());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", workload.name());
        row.put("label", workload.label());
        List<Map<String, Object>> runs = new ArrayList<>();
        row.put("runs", runs);
        for (String mode : stores.size() > 1 ? List.of(OWN_PEAK, EQUAL_RATE) : List.of(OWN_PEAK)) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("mode", mode);
            Map<String, List<OpenLoopResult>> rounds = new LinkedHashMap<>();
            stores.forEach(store -> rounds.put(store.name(), new ArrayList<>()));
            for (int round = 0; round < options.rounds(); round++) {
                for (ComparedStore store : stores) {
                    long rate = options.rateAt(mode.equals(OWN_PEAK) ? peaks.get(store.name()) : lowest);
                    OpenLoopResult result = openLoop(store, workload, options, rate);
                    Compare.progress(String.format("%-9s %,d of %,d req/s: p99 %,d us, unsent %,d", store.name(),
                            Math.round(result.achievedPerSecond()), rate,
                            result.round().latencies().getValueAtPercentile(99), result.unsent()));
                    rounds.get(store.name()).add(result);
                }
            }
            Map<String, Object> systems = new LinkedHashMap<>();
            Map<String, Histogram> curves = new LinkedHashMap<>();
            for (ComparedStore store : stores) {
                long peak = peaks.get(store.name());
                long rate = options.rateAt(mode.equals(OWN_PEAK) ? peak : lowest);
                List<OpenLoopResult> ofStore = rounds.get(store.name());
                OpenLoopResult result = OpenLoopResult.merge(ofStore);
                Histogram latencies = result.round().latencies();
                String hgrm = "latency-" + workload.name() + "-" + mode + "-" + store.name() + ".hgrm";
                try (PrintStream file = new PrintStream(dir.resolve(hgrm).toFile(), StandardCharsets.UTF_8)) {
                    latencies.outputPercentileDistribution(file, 1000.0);
                }
                Map<String, Object> figures = figures(result);
                figures.put("rounds", ofStore.size());
                figures.put("round_p99_us", ofStore.stream()
                        .map(round -> round.round().latencies().getValueAtPercentile(99)).toList());
                figures.put("rounds_within_1ms", ofStore.stream().filter(LatencyRun::withinTarget).count());
                figures.put("peak_ops_per_sec", peak);
                figures.put("peak_from", peakFrom.get(store.name()));
                figures.put("hgrm", hgrm);
                systems.put(store.name(), figures);
                curves.put(String.format(Locale.ROOT, "%s at %,d/s", store.name(), rate), latencies);
            }
            String svg = "latency-" + workload.name() + "-" + mode + ".svg";
            Files.writeString(dir.resolve(svg), PercentileChart.svg(title(workload, mode, options.loadPercent()),
                    curves));
            run.put("svg", svg);
            run.put("systems", systems);
            runs.add(run);
        }
        if (!options.sweep().isEmpty()) {
            row.put("sweep", sweep(stores, workload, options, peaks, dir));
        }
        return row;
    }

    /**
     * One round per server at each of {@code --sweep}'s shares of the highest peak that is within its own peak, the
     * servers in turn at each rate from the lowest rate up. A server's rate within 1 ms is the highest rate whose
     * round met the target, or 0 when none did.
     */
    private static Map<String, Object> sweep(List<ComparedStore> stores, Workload workload, LatencyOptions options,
            Map<String, Long> peaks, Path dir) throws InterruptedException, IOException {
        long highest = Collections.max(peaks.values());
        List<Map<String, Object>> steps = new ArrayList<>();
        Map<String, Long> withinTarget = new LinkedHashMap<>();
        Map<String, List<LoadLatencyChart.Point>> curves = new LinkedHashMap<>();
        stores.forEach(store -> {
            withinTarget.put(store.name(), 0L);
            curves.put(store.name(), new ArrayList<>());
        });
        for (int percent : options.sweep()) {
            long rate = LatencyOptions.share(highest, percent);
            Map<String, Object> systems = new LinkedHashMap<>();
            for (ComparedStore store : stores) {
                if (rate > peaks.get(store.name())) {
                    continue;
                }
                OpenLoopResult result = openLoop(store, workload, options, rate);
                long p99 = result.round().latencies().getValueAtPercentile(99);
                Compare.progress(String.format("%-9s sweep %,d of %,d req/s: p99 %,d us, unsent %,d", store.name(),
                        Math.round(result.achievedPerSecond()), rate, p99, result.unsent()));
                systems.put(store.name(), figures(result));
                curves.get(store.name()).add(new LoadLatencyChart.Point(rate, p99));
                if (withinTarget(result)) {
                    withinTarget.put(store.name(), rate);
                }
            }
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("percent_of_highest_peak", percent);
            step.put("rate", rate);
            step.put("systems", systems);
            steps.add(step);
        }
        Map<String, Object> sweep = new LinkedHashMap<>();
        sweep.put("highest_peak", highest);
        sweep.put("steps", steps);
        sweep.put("rate_within_1ms", withinTarget);
        String svg = "latency-" + workload.name() + "-sweep.svg";
        Files.writeString(dir.resolve(svg), LoadLatencyChart.svg(workload.label() + ": p99 against the open-loop "
                + "rate", curves));
        sweep.put("svg", svg);
        return sweep;
    }

    /** An unmeasured closed-loop round of the warm-up, then the closed-loop round whose throughput is the peak. */
    private static long warmUpAndMeasurePeak(ComparedStore store, Workload workload, LatencyOptions options)
            throws IOException, InterruptedException {
        if (options.wire()) {
            try (WireLoop loop = wireLoop(store, workload, options)) {
                loop.closed(options.warmup(), options.sessions(), line -> { });
                return Math.round(loop.closed(options.peakDuration(), options.sessions(), Compare::progress)
                        .opsPerSecond());
            }
        }
        Compare.warmUp(store, workload, options.keys(), options.sessions(), options.warmup());
        return Math.round(new ClosedLoop(store, workload, options.keys(), options.sessions())
                .run(options.peakDuration(), Compare::progress).opsPerSecond());
    }

    /**
     * One fixed-rate round at {@code rate} with the chosen generator. The wire generator first runs the warm-up at
     * that rate on the same connections, unmeasured: its own open loop, the server's code for that load and the new
     * connections' buffers are compiled and allocated before the measured round, not in its first seconds.
     */
    private static OpenLoopResult openLoop(ComparedStore store, Workload workload, LatencyOptions options, long rate)
            throws IOException, InterruptedException {
        if (options.wire()) {
            try (WireLoop loop = wireLoop(store, workload, options)) {
                loop.open(options.warmup(), rate, options.maxInFlight(), line -> { });
                return loop.open(options.duration(), rate, options.maxInFlight(), Compare::progress);
            }
        }
        return new OpenLoop(store, workload, options.keys(), rate, options.senders(), options.maxInFlight())
                .run(options.duration(), Compare::progress);
    }

    private static WireLoop wireLoop(ComparedStore store, Workload workload, LatencyOptions options)
            throws IOException {
        HostPort address = HostPort.parse(options.addresses().get(store.name()));
        return new WireLoop(store.name(), new InetSocketAddress(address.host(), address.port()),
                options.connections(), options.maxInFlight(), workload, options.keys());
    }

    /** One open-loop round's figures, as the JSON and the table show them. */
    static Map<String, Object> figures(OpenLoopResult result) {
        Histogram latencies = result.round().latencies();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("target_per_sec", result.targetPerSecond());
        figures.put("achieved_per_sec", Math.round(result.achievedPerSecond()));
        figures.put("sent", result.sent());
        figures.put("unsent", result.unsent());
        figures.put("waited_for_slot", result.waitedForSlot());
        figures.put("operations", result.round().operations());
        figures.put("errors", result.round().errors());
        figures.put("misses", result.round().misses());
        figures.put("p50_us", latencies.getValueAtPercentile(50));
        figures.put("p90_us", latencies.getValueAtPercentile(90));
        figures.put("p99_us", latencies.getValueAtPercentile(99));
        figures.put("p999_us", latencies.getValueAtPercentile(99.9));
        figures.put("max_us", latencies.getMaxValue());
        figures.put("p99_within_1ms", withinTarget(result));
        figures.put("send_lag_p50_us", result.sendLag().getValueAtPercentile(50));
        figures.put("send_lag_p99_us", result.sendLag().getValueAtPercentile(99));
        figures.put("p99_from_send_us", result.fromSend().getValueAtPercentile(99));
        return figures;
    }

    /** Whether a round (or merged rounds) answered requests, left none unsent and had a p99 within 1 ms. */
    static boolean withinTarget(OpenLoopResult result) {
        Histogram latencies = result.round().latencies();
        return latencies.getTotalCount() > 0 && latencies.getValueAtPercentile(99) <= TARGET_P99_MICROS
                && result.unsent() == 0;
    }

    static String title(Workload workload, String mode, int loadPercent) {
        return workload.label() + ": open loop at " + loadPercent + "% of "
                + (mode.equals(OWN_PEAK) ? "each server's own peak" : "the lowest peak");
    }
}
