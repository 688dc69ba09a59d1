package io.ringcache.server.replication;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the node's replication traffic, shown in STATS; event loops and the range mover add to them. */
public final class ReplicationMetrics {
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder applied = new LongAdder();
    private final LongAdder stale = new LongAdder();
    private final LongAdder unavailable = new LongAdder();

    void recordsForwarded(int count) {
        forwarded.add(count);
    }

    void framesDropped(int count) {
        dropped.add(count);
    }

    void framesRefused(int count) {
        refused.add(count);
    }

    /** Counts records received from peers: applied, or ignored because something as new was held. */
    public void recordsReceived(int appliedCount, int staleCount) {
        applied.add(appliedCount);
        stale.add(staleCount);
    }

    /** Counts a client write answered UNAVAILABLE. */
    public void unavailable() {
        unavailable.increment();
    }

    public long forwarded() {
        return forwarded.sum();
    }

    public long dropped() {
        return dropped.sum();
    }

    public long refused() {
        return refused.sum();
    }

    public long applied() {
        return applied.sum();
    }

    public long stale() {
        return stale.sum();
    }

    public long unavailableWrites() {
        return unavailable.sum();
    }
}
