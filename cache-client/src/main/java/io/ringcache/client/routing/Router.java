package io.ringcache.client.routing;

import io.ringcache.protocol.ring.HashRing;
import io.ringcache.protocol.ring.KeyHash;
import io.ringcache.protocol.ring.Topology;

/**
 * Maps keys to the nodes that hold them under the current topology. The ring is swapped atomically when a newer
 * topology arrives; lookups read it without locking and allocate nothing.
 */
public final class Router {
    private volatile HashRing ring;

    public Router(Topology initial) {
        this.ring = HashRing.of(initial);
    }

    /** The ring currently routed by; keep the reference for a whole request so indexes stay meaningful. */
    public HashRing ring() {
        return ring;
    }

    /** Moves to {@code topology} if its epoch is higher than the current one; returns whether it did. */
    public synchronized boolean offer(Topology topology) {
        if (topology.epoch() <= ring.topology().epoch()) {
            return false;
        }
        ring = HashRing.of(topology);
        return true;
    }

    /** The topology's epoch, which every request carries. */
    public long epoch() {
        return ring.topology().epoch();
    }

    /**
     * Writes the indexes (in {@code ring}) of the nodes holding {@code key}, primary first, and returns how many.
     */
    public static int replicas(HashRing ring, byte[] key, int[] out) {
        return ring.replicas(KeyHash.hash(key), ring.topology().replicationFactor(), out);
    }

    /**
     * How many replicas a quorum read of any key on {@code ring} needs: a majority of the replication factor, capped
     * by the nodes placed on the ring (DOWN ones included, so a majority is never counted over the survivors alone).
     */
    public static int quorum(HashRing ring) {
        return Math.min(ring.topology().replicationFactor(), ring.placedCount()) / 2 + 1;
    }
}
