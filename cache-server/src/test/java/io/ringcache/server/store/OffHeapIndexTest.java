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
        final OffHeapIndex index = new OffHeapIndex(64);
        final SplittableRandom random = new SplittableRandom(7);
        final List<Long> present = new ArrayList<>();
        long nextOffset = 0;
        try {
            for (int op = 0; op < 100_000; op++) {
                if (!index.isFull() && (present.isEmpty() || random.nextInt(3) != 0)) {
                    // few distinct tags, so runs collide and wrap around the table's end
                    final long slot = OffHeapIndex.slot(nextOffset, 60 + random.nextInt(8));
                    nextOffset += 16;
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
            final OffHeapIndex larger = new OffHeapIndex(128);
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
