package io.ringcache.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Size classes: the smallest class that fits, 16-byte aligned, up to the largest legal entry. */
class SizeClassesTest {

    private final SizeClasses classes = new SizeClasses(SlabAllocator.DEFAULT_PAGE_SIZE);

    @Test
    void classOfIsTheSmallestClassThatHoldsTheLength() {
        final int largest = EntryLayout.entryLength(250, 1 << 20, 1);
        for (int length = EntryLayout.entryLength(1, 0, 0); length <= largest; length += length < 8192 ? 1 : 97) {
            final int sizeClass = classes.classOf(length);
            assertTrue(classes.chunkSize(sizeClass) >= length, "class too small for " + length);
            assertTrue(sizeClass == 0 || classes.chunkSize(sizeClass - 1) < length, "class not smallest for " + length);
        }
    }

    @Test
    void chunkSizesAreAlignedAndIncreasing() {
        for (int c = 0; c < classes.count(); c++) {
            assertEquals(0, classes.chunkSize(c) % SizeClasses.ALIGNMENT);
            assertTrue(c == 0 || classes.chunkSize(c) > classes.chunkSize(c - 1));
        }
    }

    @Test
    void smallEntriesWasteLessThanEightBytes() {
        for (int length = EntryLayout.entryLength(1, 0, 0); length <= 2048; length++) {
            assertTrue(classes.chunkSize(classes.classOf(length)) - length < 8, "waste for " + length);
        }
        assertEquals(1144, classes.chunkSize(classes.classOf(EntryLayout.entryLength(100, 1024, 0))));
    }

    @Test
    void lengthAboveThePageHasNoClass() {
        assertEquals(-1, classes.classOf(SlabAllocator.DEFAULT_PAGE_SIZE + 1));
    }
}
