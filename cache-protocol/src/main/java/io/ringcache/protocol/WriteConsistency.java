package io.ringcache.protocol;

import io.ringcache.protocol.codec.FrameHeader;

/**
 * How many copies of a write the node coordinating it (the key's primary, or the replica a client failed over to)
 * must hold before it answers. Travels in bits 1..2 of a write request's flags.
 */
public enum WriteConsistency {
    /** The coordinator's own copy; replicas are updated asynchronously. */
    ONE,
    /** A majority of the replication factor ({@code rf / 2 + 1} copies, the coordinator's included). */
    QUORUM,
    /**
     * Every copy the write was sent to: all live replicas, and the new owners of a moving range; never fewer than a
     * quorum, so ALL is at least as strong as QUORUM when replicas are DOWN.
     */
    ALL;

    private static final WriteConsistency[] VALUES = values();

    /** The header flag bits that carry this level. */
    public byte flags() {
        return (byte) (ordinal() << FrameHeader.CONSISTENCY_SHIFT);
    }

    /** The level carried by a request's flags byte; the unused fourth code reads as ALL. */
    public static WriteConsistency ofFlags(int flags) {
        int code = (flags & FrameHeader.CONSISTENCY_MASK) >> FrameHeader.CONSISTENCY_SHIFT;
        return VALUES[Math.min(code, VALUES.length - 1)];
    }

    /**
     * The copies (the coordinator's included) this level needs for a key whose write went to {@code targets} nodes
     * besides the coordinator, where {@code replicas} is the replication factor capped by the nodes on the ring (DOWN
     * ones included, so a quorum is never computed over the survivors alone) and {@code pendingOnly} the targets that
     * are holders only on the pending ring. A quorum grows by those, so that however the acknowledgements fall, a
     * quorum of the current replicas holds the write (what a QUORUM read asks).
     */
    public int copiesNeeded(int replicas, int targets, int pendingOnly) {
        int quorum = replicas / 2 + 1 + pendingOnly;
        switch (this) {
            case ONE:
                return 1;
            case QUORUM:
                return quorum;
            default:
                return Math.max(targets + 1, quorum);
        }
    }
}
