package io.ringcache.client;

import io.ringcache.client.transport.NodePool;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * What the client has done, for the application to read: operations, hits and misses, errors surfaced to the
 * caller, retries after a stale topology, failovers to another replica, and per-node round-trip latencies.
 */
public final class ClientMetrics {
    final LongAdder requests = new LongAdder();
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder failovers = new LongAdder();
    private final ConcurrentMap<String, NodePool> pools;

    ClientMetrics(ConcurrentMap<String, NodePool> pools) {
        this.pools = pools;
    }

    /** Operations started (a batch counts once per key). */
    public long requests() {
        return requests.sum();
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    /** Operations that failed for the caller, after every failover was tried. */
    public long errors() {
        return errors.sum();
    }

    /** Operations sent again after a node said the client's topology was stale. */
    public long retries() {
        return retries.sum();
    }

    /** Operations sent to another replica because their node could not be reached or did not answer. */
    public long failovers() {
        return failovers.sum();
    }

    /** Round-trip latencies in microseconds, per node id, since the client started. */
    public Map<String, Histogram> latencyMicrosByNode() {
        Map<String, Histogram> copy = new TreeMap<>();
        pools.forEach((id, pool) -> copy.put(id, pool.latencies()));
        return copy;
    }
}
