package io.ringcache.server.store;

import static org.agrona.UnsafeAccess.UNSAFE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcache.protocol.Limits;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The packed header: every field reads back what was written, at the edges of its range. */
class EntryLayoutTest {

    private static final long NOW = 1_700_000_000_123L;
    private static final int CHUNK = 64;

    private final long address = UNSAFE.allocateMemory(CHUNK);

    @AfterEach
    void free() {
        UNSAFE.freeMemory(address);
    }

    @Test
    void expiryIsExactToTheMillisecondOverEveryTtlTheProtocolAllows() {
        for (final long expiresAt : new long[] {Store.NO_EXPIRY, 1, NOW, NOW + 1, NOW + Limits.MAX_TTL_MS,
                EntryLayout.MAX_EXPIRES_AT}) {
            EntryLayout.expiresAt(address, expiresAt, NOW);
            assertEquals(expiresAt, EntryLayout.expiresAt(address));
        }
        final long year2148 = Instant.parse("2148-01-01T00:00:00Z").toEpochMilli();
        assertTrue(EntryLayout.MAX_EXPIRES_AT >= year2148 + Limits.MAX_TTL_MS, "the longest TTL, until 2148");
    }

    @Test
    void expiryOutsideTheRangeIsKeptAtItsEdgeAndStaysExpiredOrNot() {
        EntryLayout.expiresAt(address, Long.MAX_VALUE, NOW);
        assertEquals(EntryLayout.MAX_EXPIRES_AT, EntryLayout.expiresAt(address));
        assertFalse(EntryLayout.isExpired(address, NOW));
        EntryLayout.expiresAt(address, -5, NOW);
        assertEquals(1, EntryLayout.expiresAt(address));
        assertTrue(EntryLayout.isExpired(address, NOW));
        EntryLayout.expiresAt(address, Store.NO_EXPIRY, NOW);
        assertFalse(EntryLayout.isExpired(address, Long.MAX_VALUE));
    }

    @Test
    void lastAccessCountsWholeSecondsAndLeavesTheExpiryAlone() {
        EntryLayout.expiresAt(address, NOW + 5_000, NOW);
        assertEquals(0, EntryLayout.idleMs(address, NOW));
        assertEquals(0, EntryLayout.idleMs(address, NOW + 876), "the same second");
        assertEquals(1000, EntryLayout.idleMs(address, NOW + 877));
        assertEquals(3_600_000, EntryLayout.idleMs(address, NOW + 3_600_000));
        EntryLayout.lastAccess(address, NOW + 3_600_000);
        assertEquals(0, EntryLayout.idleMs(address, NOW + 3_600_000));
        assertEquals(NOW + 5_000, EntryLayout.expiresAt(address));
    }

    @Test
    void idleTimeWrapsAfterTwoToTheTwentyOneSeconds() {
        EntryLayout.expiresAt(address, Store.NO_EXPIRY, NOW);
        final long wrap = (1L << 21) * 1000;
        assertEquals(wrap - 1000, EntryLayout.idleMs(address, NOW + wrap - 1000), "24 days are still exact");
        assertEquals(0, EntryLayout.idleMs(address, NOW + wrap));
        assertEquals(Store.NO_EXPIRY, EntryLayout.expiresAt(address));
    }

    @Test
    void createdAtIsTheVersionsWallClock() {
        EntryLayout.version(address, NOW << VersionClock.LOGICAL_BITS | 3 << VersionClock.TAG_BITS | 7);
        assertEquals(NOW / 1000, EntryLayout.createdAtSeconds(address));
    }

    @Test
    void lengthsAtTheirLimitsWithAndWithoutFlags() {
        for (final int flags : new int[] {0, 1, -1, Integer.MIN_VALUE}) {
            for (final int keyLength : new int[] {1, EntryLayout.MAX_KEY_LENGTH}) {
                for (final int valueLength : new int[] {0, 1, Limits.MAX_VALUE_LENGTH, EntryLayout.MAX_VALUE_LENGTH}) {
                    EntryLayout.lengths(address, keyLength, valueLength, flags);
                    final String what = keyLength + "/" + valueLength + "/" + flags;
                    assertEquals(keyLength, EntryLayout.keyLength(address), what);
                    assertEquals(valueLength, EntryLayout.valueLength(address), what);
                    assertEquals(flags, EntryLayout.flags(address), what);
                    assertFalse(EntryLayout.isTombstone(address), what);
                    assertEquals(EntryLayout.headerLength(flags), EntryLayout.keyAddress(address) - address, what);
                    assertEquals(EntryLayout.keyAddress(address) + keyLength, EntryLayout.valueAddress(address));
                    assertEquals(EntryLayout.entryLength(keyLength, valueLength, flags), EntryLayout.length(address));
                }
            }
        }
        assertEquals(EntryLayout.HEADER_LENGTH + 4, EntryLayout.headerLength(-1));
    }

    @Test
    void tombstoneHasAKeyAndNoValueOrFlags() {
        EntryLayout.tombstoneLengths(address, EntryLayout.MAX_KEY_LENGTH);
        assertTrue(EntryLayout.isTombstone(address));
        assertEquals(EntryLayout.MAX_KEY_LENGTH, EntryLayout.keyLength(address));
        assertEquals(0, EntryLayout.valueLength(address));
        assertEquals(0, EntryLayout.flags(address));
        assertEquals(EntryLayout.HEADER_LENGTH + EntryLayout.MAX_KEY_LENGTH, EntryLayout.length(address));
    }

    @Test
    void plausibleKeyLengthKeepsTheKeyInsideTheChunk() {
        EntryLayout.lengths(address, 40, 0, 0);
        assertEquals(40, EntryLayout.plausibleKeyLength(EntryLayout.lengths(address), 60));
        assertEquals(0, EntryLayout.plausibleKeyLength(EntryLayout.lengths(address), 56));
        EntryLayout.lengths(address, 40, 0, 9);
        assertEquals(0, EntryLayout.plausibleKeyLength(EntryLayout.lengths(address), 60), "flags move the key");
        assertEquals(40, EntryLayout.plausibleKeyLength(EntryLayout.lengths(address), 64));
        EntryLayout.markFree(address);
        assertEquals(0, EntryLayout.plausibleKeyLength(EntryLayout.lengths(address), CHUNK));
    }
}
