package io.ringcache.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringcache.benchmarks.load.CheckResult;
import io.ringcache.benchmarks.load.ConvergenceCheck;
import io.ringcache.benchmarks.load.CorrectnessCheck;
import io.ringcache.benchmarks.load.KeySpace;
import io.ringcache.benchmarks.load.LoadGenerator;
import io.ringcache.benchmarks.load.LoadOptions;
import io.ringcache.benchmarks.load.LoadResult;
import io.ringcache.benchmarks.ring.Placement;
import io.ringcache.benchmarks.ring.RingReport;
import io.ringcache.benchmarks.ring.RingSimulation;
import io.ringcache.benchmarks.ring.ShareChart;
import io.ringcache.client.RingcacheClient;
import io.ringcache.client.routing.StaticTopologySource;
import io.ringcache.protocol.ReadConsistency;
import io.ringcache.protocol.WriteConsistency;
import io.ringcache.protocol.ring.Topology;
import java.util.Arrays;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ringcache bench}: drives a cluster with a bounded load through the smart client and reports throughput
 * and latency percentiles; with {@code --check write|read}, writes self-checking values or verifies them.
 * {@code ringcache bench ring} needs no cluster: it simulates key placement on a ring of many nodes.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Drives a cluster with load and reports throughput and latency (HdrHistogram).",
            "--check write stores --keys keys with values derived from each key; --check read reads them back and"
                + " exits 0 only when none is missing or corrupt; --check converge asks every replica of every key"
                + " and exits 0 only when all hold the same version."},
        subcommands = BenchCommand.Ring.class)
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--seed", description = "The cluster's nodes, host:port[,host:port...].",
            defaultValue = "127.0.0.1:7001")
    String seed;

    @Option(names = "--duration", description = "How long the load runs (500ms, 30s, 2m).", defaultValue = "30s",
            converter = DurationConverter.class)
    Duration duration;

    @Option(names = "--connections", description = "Requests kept in flight at once (closed-loop sessions).",
            defaultValue = "32")
    int connections;

    @Option(names = "--keys", description = "Size of the key space.", defaultValue = "100000")
    long keys;

    @Option(names = "--key-size", description = "Key length in bytes.", defaultValue = "100")
    int keySize;

    @Option(names = "--value-size", description = "Value length in bytes.", defaultValue = "1024")
    int valueSize;

    @Option(names = "--read-ratio", description = "Share of GETs; the rest are SETs.", defaultValue = "0.9")
    double readRatio;

    @Option(names = "--distribution", description = "uniform or zipf:<exponent>.", defaultValue = "zipf:0.99")
    String distribution;

    @Option(names = "--timeout", description = "Per-request timeout.", defaultValue = "1s",
            converter = DurationConverter.class)
    Duration timeout;

    @Option(names = "--check", description = "write, read or converge: a correctness check instead of a timed load.")
    String check;

    @Option(names = "--write-consistency", description = "ONE, QUORUM or ALL: copies a write waits for.",
            defaultValue = "ONE")
    WriteConsistency writeConsistency;

    @Option(names = "--read-consistency", description = "ONE, ANY_REPLICA or QUORUM: where reads go.",
            defaultValue = "ONE")
    ReadConsistency readConsistency;

    @Option(names = "--static", description = "Route by the --seed list alone, never asking the cluster for its "
            + "topology: with one seed, every request goes to that node.")
    boolean staticRouting;

    @Option(names = "--json", description = "End with one JSON line of the results.")
    boolean json;

    @Option(names = "--config", description = "Config file of 'option = value' lines.")
    String config;

    @Override
    public Integer call() throws Exception {
        KeySpace keySpace = new KeySpace(keys, keySize);
        PrintWriter out = spec.commandLine().getOut();
        int nodes = seed.split(",").length;
        RingcacheClient.Builder builder = RingcacheClient.builder()
                .timeout(timeout)
                .writeConsistency(writeConsistency)
                .readConsistency(readConsistency)
                .connectionsPerNode(Math.max(1, Math.min(8, connections / nodes)));
        if (staticRouting) {
            builder.topologySource(new StaticTopologySource(Topology.ofAddresses(Arrays.asList(seed.split(",")),
                    Topology.DEFAULT_REPLICATION_FACTOR, Topology.DEFAULT_VNODES)));
        } else {
            builder.seeds(seed);
        }
        try (RingcacheClient client = builder.build()) {
            if (check != null) {
                return check(client, keySpace, out);
            }
            LoadOptions options = new LoadOptions(duration, connections, keySpace, valueSize, readRatio,
                    distribution);
            LoadResult result = new LoadGenerator(client, options).run(line -> {
                out.println(line);
                out.flush();
            });
            out.printf("%,.0f ops/s over %.1f s: p50 %,d us, p99 %,d us, p99.9 %,d us, max %,d us; errors %d, "
                    + "misses %d%n", result.opsPerSecond(), result.seconds(), result.p50Micros(), result.p99Micros(),
                    result.p999Micros(), result.maxMicros(), result.errors(), result.misses());
            printJson(out, result.asMap());
            return ExitCode.OK;
        }
    }

    private int check(RingcacheClient client, KeySpace keySpace, PrintWriter out) throws Exception {
        CheckResult result;
        if (check.equals("write")) {
            result = CorrectnessCheck.write(client, keySpace, valueSize);
        } else if (check.equals("read")) {
            result = CorrectnessCheck.read(client, keySpace);
        } else if (check.equals("converge")) {
            result = ConvergenceCheck.run(client, keySpace, timeout);
        } else {
            throw new IllegalArgumentException("--check must be write, read or converge, was '" + check + "'");
        }
        out.printf("%s check of %,d keys: found %,d, missing %,d, corrupt %,d, errors %,d%n", result.mode(),
                result.keys(), result.found(), result.missing(), result.corrupt(), result.errors());
        printJson(out, result.asMap());
        return result.passed() ? ExitCode.OK : ExitCode.MISS;
    }

    private void printJson(PrintWriter out, Map<String, Object> figures) throws Exception {
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(figures));
        }
        out.flush();
    }

    /**
     * {@code ringcache bench ring}: routes synthetic keys over a simulated topology of {@code --nodes} nodes and
     * reports the spread of keys over nodes, the keys moved by a join and a leave, lookup time and topology size;
     * the sizing question of issue 6, answered without starting a node. Given several {@code --vnodes}, it runs once
     * for each; {@code --svg} draws every run's per-node key shares into one chart ({@link ShareChart}).
     */
    @Command(name = "ring", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = "Simulates key placement: routes --keys keys (key-<i>) over nodes n0..n<N-1>, all UP, and "
                + "reports keys per node over each node's fair share, the keys moved when n<N> joins and when n0 "
                + "leaves (over the ideal: the new or leaving node's fair share), lookup ns/op and the topology's "
                + "size in bytes, once per --vnodes count. Starts no node.")
    static final class Ring implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--nodes", description = "Nodes in the topology.", defaultValue = "1600")
        int nodes;

        @Option(names = "--vnodes", split = ",", description = "Virtual nodes per standard node (maglev: table slots "
                + "per node); a comma-separated list runs the simulation once for each.", defaultValue = "160")
        int[] vnodes;

        @Option(names = "--keys", description = "Keys to route.", defaultValue = "10000000")
        long keys;

        @Option(names = "--weights", description = "Node weights cycled over n0, n1, ...: 100,200 gives every second "
                + "node twice the standard capacity (100). Unset: all standard.")
        String weights;

        @Option(names = "--placement", description = "ring (HashRing, the protocol's routing), or a simulated "
                + "alternative: probes:<k> (the ring with k probes), maglev (a lookup table), bounded:<epsilon> "
                + "(ring arcs capped at 1+epsilon times a node's share).", defaultValue = "ring")
        String placement;

        @Option(names = "--json", description = "Follow each run's summary with one JSON line of its results.")
        boolean json;

        @Option(names = "--svg", description = "Also write an SVG chart of each run's keys per node, nodes sorted by "
                + "their share, to this file.")
        Path svg;

        @Override
        public Integer call() throws Exception {
            Placement chosen = Placement.parse(placement);
            int[] weightCycle = RingSimulation.parseWeights(weights);
            PrintWriter out = spec.commandLine().getOut();
            List<RingReport> reports = new ArrayList<>();
            for (int count : vnodes) {
                RingReport report = new RingSimulation(nodes, count, keys, weightCycle, chosen).run();
                reports.add(report);
                out.println(report.summary());
                if (json) {
                    out.println(new ObjectMapper().writeValueAsString(report.asMap()));
                }
                out.flush();
            }
            if (svg != null) {
                Files.writeString(svg, ShareChart.svg(reports));
                out.println("chart written to " + svg);
                out.flush();
            }
            return ExitCode.OK;
        }
    }
}
