package io.ringcache.benchmarks.ring;

import io.ringcache.protocol.ring.Topology;

/**
 * The protocol's multi-probe ring with a chosen number of probes ({@link io.ringcache.protocol.ring.HashRing} has
 * three, fixed by the routing contract), to measure what more probes would buy. Primary only, every node eligible.
 */
final class MultiProbeRing {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final RingPoints ring;
    private final int probes;

    MultiProbeRing(Topology topology, int probes) {
        this.ring = new RingPoints(topology);
        this.probes = probes;
    }

    /** The index (in the topology's id order) of the node that serves a key hash, as protocol §10.3 finds it. */
    int primary(long keyHash) {
        int best = ring.ceiling(keyHash);
        long bestDistance = ring.points[best] - keyHash;
        for (int probe = 1; probe < probes; probe++) {
            long position = mix(keyHash + probe * GOLDEN_GAMMA);
            int candidate = ring.ceiling(position);
            long distance = ring.points[candidate] - position;
            if (Long.compareUnsigned(distance, bestDistance) < 0) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return ring.owners[best];
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
