package io.ringcache.protocol.ring;

/** Where a node stands in the cluster's life cycle. */
public enum NodeState {
    /** Announced, receiving the ranges it will own; not an owner yet. */
    JOINING,
    /** Serving and owning its ranges. */
    UP,
    /** Draining: still owns its ranges until the hand-over completes. */
    LEAVING,
    /** Missed its heartbeats; still placed on the ring, its replicas serve for it. */
    DOWN;

    /** Whether the node holds ring positions (JOINING nodes do not yet). */
    public boolean ownsRanges() {
        return this != JOINING;
    }
}
