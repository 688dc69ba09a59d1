package io.ringcache.protocol.ring;

/**
 * Where a node stands in the cluster's life cycle, and what that makes it on the two rings of a topology.
 *
 * <p>The <em>current</em> ring says who serves a key now; the <em>pending</em> ring says who will once every JOINING,
 * RECOVERING and LEAVING node has finished moving (it equals the current ring when nothing moves). Writes go to the
 * replicas on both rings, and ranges stream from current to pending owners. A node can be <em>placed</em> on a ring
 * (its virtual points count when a key picks its point) without being <em>eligible</em> (the replica walk skips it):
 * DOWN nodes stay placed, so their keys fall to the next replicas clockwise, which already hold copies.
 *
 * <pre>
 *               current ring          pending ring
 *               placed  eligible      placed  eligible
 *   JOINING       -        -            x        x
 *   UP            x        x            x        x
 *   LEAVING       x        x            -        -
 *   DOWN          x        -            x        -
 *   RECOVERING    x        -            x        x
 * </pre>
 */
public enum NodeState {
    /** New, receiving the ranges it will own; serves nothing yet. */
    JOINING,
    /** Serving and owning its ranges. */
    UP,
    /** Draining: still serves its ranges while they stream to their next owners. */
    LEAVING,
    /** Missed its heartbeats; its replicas serve for it and restore the replication factor without it. */
    DOWN,
    /** Back after being DOWN: catching up on its ranges, serving no reads until it has. */
    RECOVERING;

    /** Whether the node's points are on the current ring. */
    public boolean placedOnCurrent() {
        return this != JOINING;
    }

    /** Whether the node serves keys on the current ring. */
    public boolean eligibleOnCurrent() {
        return this == UP || this == LEAVING;
    }

    /** Whether the node's points are on the pending ring. */
    public boolean placedOnPending() {
        return this != LEAVING;
    }

    /** Whether the node will serve keys on the pending ring. */
    public boolean eligibleOnPending() {
        return this == UP || this == JOINING || this == RECOVERING;
    }

    /** Whether the node is moving in or out, so that the pending ring differs from the current one. */
    public boolean isMoving() {
        return this == JOINING || this == LEAVING || this == RECOVERING;
    }
}
