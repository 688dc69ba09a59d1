package io.ringcache.server.store;

import java.util.Arrays;

/**
 * The chunk sizes the slab allocator cuts pages into, and the map from an entry's length to the smallest class that
 * holds it.
 *
 * <p>Classes step by 8 bytes up to 2 KiB, so small entries waste at most 7 bytes to rounding, 3.5 on average (a
 * 100-byte key and a 1 KiB value make a 1,144-byte entry, which fills its class). Above 2 KiB they grow by about
 * 1/32 per step (at most ~3 % rounding waste). Once a class would hold fewer than {@value #FEW_CHUNKS} chunks per
 * page, the classes are instead {@code pageSize / n} for n = {@value #FEW_CHUNKS} .. 1, so that large entries fill
 * their page without a big unused tail; the price is that an entry just above {@code pageSize / 2} takes a whole page
 * (up to ~47 % waste, only for values above ~530 KiB).
 *
 * <p>Every chunk size is a multiple of 8, which the index relies on to store offsets in 37 bits and entries on to keep
 * their 64-bit fields aligned. Steps of 8 rather than 16 bytes double the classes below 2 KiB (to 254), which matters
 * only to a store too small to give each class in use a page of its own (see the package's known limits).
 */
final class SizeClasses {

    static final int ALIGNMENT = 8;
    private static final int FINE_LIMIT = 2048;
    private static final int GROWTH_DIVISOR = 32;
    private static final int FEW_CHUNKS = 16;

    private final int[] chunkSizes;
    private final int pageSize;

    SizeClasses(int pageSize) {
        if (pageSize % ALIGNMENT != 0 || pageSize < FINE_LIMIT * FEW_CHUNKS) {
            throw new IllegalArgumentException("page size must be a multiple of 8 and >= 32 KiB, was " + pageSize);
        }
        this.pageSize = pageSize;
        final int[] sizes = new int[1024];
        int count = 0;
        int size = align(EntryLayout.entryLength(1, 0, 0));
        final int coarseLimit = pageSize / FEW_CHUNKS;
        while (size < coarseLimit) {
            sizes[count++] = size;
            size = size < FINE_LIMIT ? size + ALIGNMENT : align(size + size / GROWTH_DIVISOR);
        }
        for (int n = FEW_CHUNKS; n >= 1; n--) {
            final int fill = (pageSize / n) & -ALIGNMENT;
            if (fill > sizes[count - 1]) {
                sizes[count++] = fill;
            }
        }
        chunkSizes = Arrays.copyOf(sizes, count);
    }

    private static int align(int size) {
        return (size + ALIGNMENT - 1) & -ALIGNMENT;
    }

    int count() {
        return chunkSizes.length;
    }

    int chunkSize(int sizeClass) {
        return chunkSizes[sizeClass];
    }

    int chunksPerPage(int sizeClass) {
        return pageSize / chunkSizes[sizeClass];
    }

    /** The smallest class whose chunks hold {@code length} bytes, or -1 when no chunk is that large. */
    int classOf(int length) {
        if (length > pageSize) {
            return -1;
        }
        if (length <= chunkSizes[0]) {
            return 0;
        }
        if (length <= FINE_LIMIT) {
            return (align(length) - chunkSizes[0]) / ALIGNMENT;
        }
        final int found = Arrays.binarySearch(chunkSizes, length);
        return found >= 0 ? found : -found - 1;
    }
}
