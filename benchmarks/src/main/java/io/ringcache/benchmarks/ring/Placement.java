package io.ringcache.benchmarks.ring;

import io.ringcache.protocol.ring.HashRing;
import io.ringcache.protocol.ring.Topology;
import java.util.Locale;
import java.util.function.LongToIntFunction;

/**
 * Which key-to-node mapping a {@link RingSimulation} measures: the protocol's ring as it is, or one of the
 * alternatives issue 6 asked for because the ring leaves the busiest of 1,600 nodes above 1.10 × the mean. Written
 * on the command line as {@code ring}, {@code probes:<k>}, {@code maglev} or {@code bounded:<epsilon>}.
 *
 * @param kind the mapping
 * @param parameter the number of probes for {@link Kind#PROBES}, epsilon for {@link Kind#BOUNDED}, else 0
 */
public record Placement(Kind kind, double parameter) {
    /** The mappings. */
    public enum Kind {
        /** {@link HashRing} itself: 3-probe consistent hashing, the routing contract (protocol §10). */
        RING,
        /** {@link MultiProbeRing}: the same points with {@code parameter} probes, found through a bucket index. */
        PROBES,
        /** {@link MaglevTable}: a fixed-size lookup table the nodes fill in turns. */
        MAGLEV,
        /** {@link BoundedLoadRing}: ring arcs, one probe, each node capped at {@code 1 + parameter} × its share. */
        BOUNDED
    }

    public Placement {
        if (kind == Kind.PROBES && (parameter != Math.rint(parameter) || parameter < 1 || parameter > 64)) {
            throw new IllegalArgumentException("probes must be a whole number 1..64, was " + parameter);
        }
        if (kind == Kind.BOUNDED && !(parameter > 0 && parameter <= 10)) {
            throw new IllegalArgumentException("epsilon must be above 0 and at most 10, was " + parameter);
        }
    }

    /** Reads {@code ring}, {@code probes:<k>}, {@code maglev} or {@code bounded:<epsilon>}, in any case. */
    public static Placement parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":", 2);
        boolean parameterized = parts[0].equals("probes") || parts[0].equals("bounded");
        if (parameterized != (parts.length == 2) || !parts[0].matches("ring|probes|maglev|bounded")) {
            throw new IllegalArgumentException("placement must be ring, probes:<k>, maglev or bounded:<epsilon>, was '"
                    + text + "'");
        }
        return new Placement(Kind.valueOf(parts[0].toUpperCase(Locale.ROOT)),
                parameterized ? Double.parseDouble(parts[1]) : 0);
    }

    /** The name as the command line and the JSON report spell it. */
    public String label() {
        String name = kind.name().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case PROBES -> name + ":" + (int) parameter;
            case BOUNDED -> name + ":" + parameter;
            case RING, MAGLEV -> name;
        };
    }

    /**
     * Builds the mapping of a topology: a function from a key hash to the index of its primary node in the
     * topology's (id) order. {@code tableSize} is the Maglev table's, which must not change with the membership.
     */
    LongToIntFunction router(Topology topology, int tableSize) {
        return switch (kind) {
            case RING -> HashRing.of(topology)::primary;
            case PROBES -> new MultiProbeRing(topology, (int) parameter)::primary;
            case MAGLEV -> new MaglevTable(topology, tableSize)::primary;
            case BOUNDED -> new BoundedLoadRing(topology, parameter)::primary;
        };
    }
}
