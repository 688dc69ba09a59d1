package io.ringcache.benchmarks.ring;

import io.ringcache.benchmarks.BenchmarkDefaults;
import io.ringcache.protocol.ring.HashRing;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * How long does it take to build the ring of a topology of the seed's scale — 1,600 nodes with 160 virtual nodes
 * each (256,000 points)? Every client builds it once per topology epoch it adopts, and every node twice (its current
 * and its pending ring), so this is the cost of one epoch change to each party, not a per-request cost. Reported in
 * milliseconds, as one build takes far longer than a microsecond.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar RingBuildBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RingBuildBenchmark extends BenchmarkDefaults {
    private static final int NODES = 1_600;

    private Topology topology;

    @Setup
    public void buildTopology() {
        List<NodeInfo> nodes = new ArrayList<>(NODES);
        for (int i = 0; i < NODES; i++) {
            nodes.add(NodeInfo.of("10.1." + (i / 250) + "." + (i % 250), 7001));
        }
        topology = new Topology(1, nodes, 3, Topology.DEFAULT_VNODES);
    }

    @Benchmark
    public HashRing build() {
        return HashRing.of(topology);
    }
}
