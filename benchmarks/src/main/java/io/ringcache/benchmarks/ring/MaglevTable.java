package io.ringcache.benchmarks.ring;

import io.ringcache.protocol.ring.KeyHash;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.Topology;
import java.util.Arrays;
import java.util.List;

/**
 * Maglev hashing (Eisenbud et al., "Maglev: A Fast and Reliable Software Network Load Balancer", NSDI 2016), the
 * alternative placement {@link RingSimulation} measures against {@link io.ringcache.protocol.ring.HashRing}, because
 * random ring points leave the busiest of 1,600 nodes with 12% more keys than the mean. It exists only in this
 * simulation: nothing routes by it (docs/benchmarks.md says what adopting it would take).
 *
 * <p>The table has a fixed prime number of slots. Node {@code id} walks the slots in its own order, starting at
 * {@code H(id) mod size} and stepping by {@code H(id + "#skip") mod (size - 1) + 1}; the nodes take turns, in id
 * order, each claiming the next free slot of its walk, until every slot is claimed. A node of weight {@code w}
 * takes a turn in {@code w / maxWeight} of the rounds, so every node ends with its share of the slots to within a
 * slot or two. A key's node is the owner of slot {@code (high 32 bits of its hash × size) >>> 32}: one array read
 * instead of the ring's three binary searches.
 *
 * <p>The price is consistency: when a node joins or leaves, the turns shift, and at 1,600 nodes about six slots
 * change hands between nodes that stayed for each slot the joining or leaving node takes or gives up. The size must
 * stay the same across membership changes (it would be a topology field), or every walk changes.
 */
final class MaglevTable {
    private final int[] owners;

    /** Fills a table of {@code size} slots (a prime) with the indexes of the topology's nodes, in id order. */
    MaglevTable(Topology topology, int size) {
        List<NodeInfo> nodes = topology.nodes();
        int count = nodes.size();
        if (count == 0 || count > size) {
            throw new IllegalArgumentException(count + " nodes cannot share a table of " + size + " slots");
        }
        int[] position = new int[count];
        int[] skip = new int[count];
        int[] weight = new int[count];
        int maxWeight = 0;
        for (int n = 0; n < count; n++) {
            NodeInfo node = nodes.get(n);
            position[n] = (int) Long.remainderUnsigned(KeyHash.hash(node.id()), size);
            skip[n] = (int) Long.remainderUnsigned(KeyHash.hash(node.id() + "#skip"), size - 1) + 1;
            weight[n] = node.weight();
            maxWeight = Math.max(maxWeight, node.weight());
        }
        owners = new int[size];
        Arrays.fill(owners, -1);
        int[] credit = new int[count];
        int filled = 0;
        while (filled < size) {
            for (int n = 0; n < count && filled < size; n++) {
                credit[n] += weight[n];
                if (credit[n] >= maxWeight) {
                    credit[n] -= maxWeight;
                    int slot = position[n];
                    while (owners[slot] >= 0) {
                        slot = (int) (((long) slot + skip[n]) % size);
                    }
                    owners[slot] = n;
                    position[n] = (int) (((long) slot + skip[n]) % size);
                    filled++;
                }
            }
        }
    }

    /** The smallest prime of at least {@code vnodes} slots per node: the table's resolution matches the ring's. */
    static int sizeFor(int nodes, int vnodes) {
        long candidate = Math.max(3L, (long) nodes * vnodes);
        while (!isPrime(candidate)) {
            candidate++;
        }
        if (candidate > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(nodes + " nodes of " + vnodes + " slots make too large a table");
        }
        return (int) candidate;
    }

    private static boolean isPrime(long n) {
        if (n % 2 == 0) {
            return n == 2;
        }
        for (long d = 3; d * d <= n; d += 2) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }

    /** The number of slots. */
    int size() {
        return owners.length;
    }

    /** The index (in the topology's id order) of the node that owns a key hash. */
    int primary(long keyHash) {
        return owners[(int) (((keyHash >>> 32) * owners.length) >>> 32)];
    }
}
