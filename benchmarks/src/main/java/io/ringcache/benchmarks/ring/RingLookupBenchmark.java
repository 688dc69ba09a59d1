package io.ringcache.benchmarks.ring;

import io.ringcache.benchmarks.BenchmarkDefaults;
import io.ringcache.protocol.ring.HashRing;
import io.ringcache.protocol.ring.KeyHash;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.Topology;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What does the client pay to route one key on a ring of the seed's scale — 1,600 nodes with 160 virtual nodes
 * each (256,000 points) — and does routing allocate? {@code route} hashes a 100-byte key and finds its three
 * replicas (what the client does per request); {@code primary} finds the primary of an already hashed key.
 *
 * <p>Run it with the allocation profiler ({@code gc.alloc.rate.norm} must be 0 B/op):
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar RingLookupBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
public class RingLookupBenchmark extends BenchmarkDefaults {
    private static final int NODES = 1_600;
    private static final int KEYS = 1 << 16;

    private HashRing ring;
    private byte[][] keys;
    private long[] hashes;
    private final int[] replicas = new int[3];
    private int next;

    @Setup
    public void buildRing() {
        List<NodeInfo> nodes = new ArrayList<>(NODES);
        for (int i = 0; i < NODES; i++) {
            nodes.add(NodeInfo.of("10.1." + (i / 250) + "." + (i % 250), 7001));
        }
        ring = HashRing.of(new Topology(1, nodes, 3, Topology.DEFAULT_VNODES));
        keys = new byte[KEYS][];
        hashes = new long[KEYS];
        for (int i = 0; i < KEYS; i++) {
            byte[] key = new byte[100];
            Arrays.fill(key, (byte) '.');
            byte[] name = ("user:" + i).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(name, 0, key, 0, name.length);
            keys[i] = key;
            hashes[i] = KeyHash.hash(key);
        }
    }

    @Benchmark
    public int route() {
        next = (next + 1) & (KEYS - 1);
        ring.replicas(KeyHash.hash(keys[next]), 3, replicas);
        return replicas[0];
    }

    @Benchmark
    public int primary() {
        next = (next + 1) & (KEYS - 1);
        return ring.primary(hashes[next]);
    }
}
