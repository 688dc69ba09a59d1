package io.ringcache.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringcache.protocol.codec.FrameHeader;
import org.junit.jupiter.api.Test;

/** Write consistency levels in bits 1..2 of a request's flags, and the copies each level waits for. */
class WriteConsistencyTest {

    @Test
    void levelsTravelInBitsOneAndTwo() {
        assertEquals(0x00, WriteConsistency.ONE.flags());
        assertEquals(0x02, WriteConsistency.QUORUM.flags());
        assertEquals(0x04, WriteConsistency.ALL.flags());
        assertEquals(1, FrameHeader.CONSISTENCY_SHIFT);
        assertEquals(0x06, FrameHeader.CONSISTENCY_MASK);
    }

    @Test
    void everyLevelRoundTripsThroughAFlagsByte() {
        for (WriteConsistency level : WriteConsistency.values()) {
            assertEquals(level, WriteConsistency.ofFlags(level.flags()));
        }
    }

    @Test
    void otherFlagBitsDoNotChangeTheLevel() {
        int others = FrameHeader.FLAG_RESPONSE | FrameHeader.FLAG_VERSIONED_MISS | 0xf0;
        for (WriteConsistency level : WriteConsistency.values()) {
            assertEquals(level, WriteConsistency.ofFlags(level.flags() | others));
            assertEquals(level, WriteConsistency.ofFlags((byte) (level.flags() | others)));
        }
    }

    @Test
    void theUnusedFourthCodeReadsAsAll() {
        assertEquals(WriteConsistency.ALL, WriteConsistency.ofFlags(0x06));
        assertEquals(WriteConsistency.ALL, WriteConsistency.ofFlags((byte) 0xff));
    }

    @Test
    void noFlagsMeansOne() {
        assertEquals(WriteConsistency.ONE, WriteConsistency.ofFlags(0));
        assertEquals(WriteConsistency.ONE, WriteConsistency.ofFlags(FrameHeader.FLAG_VERSIONED_MISS));
    }

    @Test
    void flagBitsDoNotOverlap() {
        assertEquals(0, FrameHeader.FLAG_RESPONSE & FrameHeader.CONSISTENCY_MASK);
        assertEquals(0, FrameHeader.FLAG_VERSIONED_MISS & FrameHeader.CONSISTENCY_MASK);
        assertEquals(0, FrameHeader.FLAG_VERSIONED_MISS & FrameHeader.FLAG_RESPONSE);
        assertEquals(0x08, FrameHeader.FLAG_VERSIONED_MISS);
    }

    @Test
    void oneNeedsOnlyTheCoordinatorsCopy() {
        for (int replicas = 1; replicas <= 7; replicas++) {
            for (int targets = 0; targets <= 8; targets++) {
                assertEquals(1, WriteConsistency.ONE.copiesNeeded(replicas, targets, 0));
            }
        }
    }

    @Test
    void quorumNeedsAMajorityOfTheReplicas_whateverTheTargets() {
        int[] majority = {0, 1, 2, 2, 3, 3, 4, 4};
        for (int replicas = 1; replicas <= 7; replicas++) {
            for (int targets = 0; targets <= 8; targets++) {
                assertEquals(majority[replicas], WriteConsistency.QUORUM.copiesNeeded(replicas, targets, 0),
                        "replicas " + replicas + ", targets " + targets);
            }
        }
    }

    @Test
    void allNeedsEveryTargetAndTheCoordinator() {
        assertEquals(1, WriteConsistency.ALL.copiesNeeded(1, 0, 0));
        assertEquals(3, WriteConsistency.ALL.copiesNeeded(3, 2, 0));
        assertEquals(5, WriteConsistency.ALL.copiesNeeded(5, 4, 0));
        assertEquals(4, WriteConsistency.ALL.copiesNeeded(3, 3, 1), "three replicas and a joining node");
        assertEquals(2, WriteConsistency.ALL.copiesNeeded(3, 0, 0), "never fewer than a quorum, even with two DOWN");
    }

    @Test
    void quorumWaitsForOneMoreCopyPerPendingOnlyHolder() {
        assertEquals(3, WriteConsistency.QUORUM.copiesNeeded(3, 3, 1), "three replicas and a joining node");
        assertEquals(4, WriteConsistency.QUORUM.copiesNeeded(3, 4, 2), "two recovering nodes among the holders");
        assertEquals(3, WriteConsistency.ALL.copiesNeeded(3, 1, 1), "a DOWN replica and a recovering one");
        assertEquals(1, WriteConsistency.ONE.copiesNeeded(3, 3, 1));
    }
}
