package io.ringcache.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The allocator keeps its budget exactly and gives empty pages back. */
class SlabAllocatorTest {

    private static final int PAGE = SlabAllocator.DEFAULT_PAGE_SIZE;

    @Test
    void pageReturnsToTheBudgetWhenItsLastChunkIsFreed() {
        final SlabAllocator allocator = new SlabAllocator(4L * PAGE, PAGE);
        try {
            final long chunk = allocator.allocate(3);
            assertEquals(PAGE, allocator.usedMemory());
            allocator.free(chunk);
            assertEquals(0, allocator.usedMemory());
        } finally {
            allocator.close();
        }
    }

    @Test
    void allocationStopsAtTheBoundAndChunksDoNotOverlap() {
        final SlabAllocator allocator = new SlabAllocator(3L * PAGE, PAGE);
        try {
            assertTrue(allocator.tryReserve(4096));
            final int sizeClass = allocator.sizeClasses().classOf(100_000);
            final int chunkSize = allocator.sizeClasses().chunkSize(sizeClass);
            final List<Long> chunks = new ArrayList<>();
            for (long chunk = allocator.allocate(sizeClass); chunk >= 0; chunk = allocator.allocate(sizeClass)) {
                chunks.add(chunk);
                assertTrue(allocator.usedMemory() <= 3L * PAGE);
            }
            // one page went to the index reservation's share: only two pages fit
            assertEquals(2 * allocator.sizeClasses().chunksPerPage(sizeClass), chunks.size());
            chunks.sort(Long::compare);
            for (int i = 1; i < chunks.size(); i++) {
                assertTrue(chunks.get(i) - chunks.get(i - 1) >= chunkSize);
            }
            for (final long chunk : chunks) {
                allocator.free(chunk);
            }
            assertEquals(4096, allocator.usedMemory());
        } finally {
            allocator.close();
        }
    }
}
