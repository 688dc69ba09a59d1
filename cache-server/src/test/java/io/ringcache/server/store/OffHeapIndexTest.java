package io.ringcache.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The index keeps every slot findable through inserts and backward-shift removals, including wrap-around. */
class OffHeapIndexTest {

    @Test
    void slotPacksOffsetAndTag() {
        final long slot = OffHeapIndex.slot(123_456L * 16, 0x5ABCDEF);
        assertEquals(123_456L * 16, OffHeapIndex.entryOffset(slot));
        assertEquals(0x5ABCDEF, OffHeapIndex.tag(slot));
        assertTrue(OffHeapIndex.slot(0, 0) != 0, "the first chunk must not look like an empty slot");
    }

    @Test
    void randomInsertsAndRemovalsKeepEverySlotFindable() {
        randomInsertsAndRemovalsKeepEverySlotFindable(64);
    }

    @Test
    void anyCapacityWorksNotOnlyPowersOfTwo() {
        randomInsertsAndRemovalsKeepEverySlotFindable(77);
    }

    @Test
    void homesSpreadOverTheWholeTable() {
        final OffHeapIndex index = new OffHeapIndex(77);
        try {
            assertEquals(0, index.home(0));
            assertEquals(76, index.home(OffHeapIndex.TAG_MASK));
            assertEquals(38, index.home(1 << (OffHeapIndex.TAG_BITS - 1)));
        } finally {
            index.free();
        }
    }

    @Test
    void growthAddsAQuarterUpToTheMaximum() {
        assertEquals(20, OffHeapIndex.grownCapacity(OffHeapIndex.MIN_CAPACITY));
        assertEquals(125_000, OffHeapIndex.grownCapacity(100_000));
        assertEquals(OffHeapIndex.MAX_CAPACITY, OffHeapIndex.grownCapacity(OffHeapIndex.MAX_CAPACITY - 1));
        assertEquals(OffHeapIndex.MAX_CAPACITY, OffHeapIndex.grownCapacity(OffHeapIndex.MAX_CAPACITY));
    }

    private static void randomInsertsAndRemovalsKeepEverySlotFindable(int capacity) {
        final OffHeapIndex index = new OffHeapIndex(capacity);
        final SplittableRandom random = new SplittableRandom(7);
        final List<Long> present = new ArrayList<>();
        long nextOffset = 0;
        try {
            for (int op = 0; op < 100_000; op++) {
                if (!index.isFull() && (present.isEmpty() || random.nextInt(3) != 0)) {
                    // few distinct tags homed on the last slots, so runs collide and wrap around the table's end
                    final long slot = OffHeapIndex.slot(nextOffset, OffHeapIndex.TAG_MASK - random.nextInt(1 << 22));
                    nextOffset += SizeClasses.ALIGNMENT;
                    index.insert(slot);
                    present.add(slot);
                } else {
                    final long slot = present.remove(random.nextInt(present.size()));
                    index.remove(index.find(OffHeapIndex.tag(slot), OffHeapIndex.entryOffset(slot)));
                }
                assertEquals(present.size(), index.size());
            }
            for (final long slot : present) {
                assertTrue(index.find(OffHeapIndex.tag(slot), OffHeapIndex.entryOffset(slot)) >= 0);
            }
            final OffHeapIndex larger = new OffHeapIndex(OffHeapIndex.grownCapacity(capacity));
            index.copyInto(larger);
            for (final long slot : present) {
                assertTrue(larger.find(OffHeapIndex.tag(slot), OffHeapIndex.entryOffset(slot)) >= 0);
            }
            larger.free();
        } finally {
            index.free();
        }
    }
}
