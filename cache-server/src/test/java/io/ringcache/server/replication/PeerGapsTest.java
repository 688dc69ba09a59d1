package io.ringcache.server.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** What a sync may close: only the gap it read when it began, not one that opened again while it ran. */
class PeerGapsTest {
    private final PeerGaps gaps = new PeerGaps();

    @Test
    void syncClosesTheGapItBeganWith() {
        gaps.heardFrom("n2", 7);
        gaps.open("n2", 100);
        PeerGaps.Gap seen = gaps.gap("n2");
        assertEquals(100, seen.from());
        assertEquals(7, seen.incarnation());
        gaps.close("n2", seen);
        assertNull(gaps.gap("n2"));
    }

    @Test
    void gapOpenedAgainDuringTheSync_staysOpen_evenAtAnOffsetTheSyncCovered() {
        gaps.open("n2", 100);
        PeerGaps.Gap seen = gaps.gap("n2");
        gaps.open("n2", 150);
        gaps.close("n2", seen);
        PeerGaps.Gap left = gaps.gap("n2");
        assertNotNull(left, "a frame dropped during the sync is not covered by it");
        assertEquals(100, left.from(), "the gap still starts at its oldest missing record");
    }

    @Test
    void restartSeenDuringTheSync_needsAFullTransfer() {
        gaps.heardFrom("n2", 7);
        gaps.open("n2", 100);
        PeerGaps.Gap seen = gaps.gap("n2");
        gaps.heardFrom("n2", 8);
        gaps.close("n2", seen);
        assertEquals(-1, gaps.gap("n2").from());
    }

    @Test
    void closingWithoutAGapSeen_changesNothing() {
        gaps.close("n2", null);
        gaps.open("n2", 5);
        gaps.close("n2", null);
        assertNotNull(gaps.gap("n2"));
    }
}
