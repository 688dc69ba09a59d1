package io.ringcache.server.store;

import static org.agrona.UnsafeAccess.UNSAFE;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hands out fixed-size chunks for entries from one off-heap arena, and keeps the store's memory budget: the bytes of
 * pages held by size classes plus the bytes of the stripes' indexes never exceed {@code maxMemory}.
 *
 * <p>The arena is reserved with one {@code allocateMemory(maxMemory)}; the operating system commits its pages only
 * when first touched. It is cut into pages (1 MiB + 64 KiB, so that the largest legal entry, 32 + 250 + 1 MiB bytes,
 * fits one page without chaining chunks). A page belongs to one size class at a time and is cut into that class's
 * chunks, by bumping a pointer and then from a free list threaded through the freed chunks. A page whose last chunk
 * is freed goes back to the free-page stack at once and its bytes leave the budget, so reclaiming expired entries
 * really frees memory. Pages are reused last-freed-first, which keeps the resident part of the arena small.
 *
 * <p>All page metadata lives in on-heap primitive arrays indexed by page number, so the allocator makes no object per
 * page or chunk. Every method is guarded by the allocator's monitor, a leaf lock: no other lock is ever taken while
 * holding it. Entries are only read here to skip free chunks when sampling, which callers re-validate under the
 * owning stripe's lock.
 *
 * <p>Known limit: a freed page stays resident (Java cannot {@code madvise} it away), so the process's resident size
 * can reach the arena's high-water mark plus the indexes, even though {@link #usedMemory()} stays within the bound.
 */
final class SlabAllocator {

    static final int DEFAULT_PAGE_SIZE = (1 << 20) + (64 << 10);
    private static final int NONE = -1;

    private final long maxMemory;
    private final int pageSize;
    private final SizeClasses classes;
    private final long rawArena;
    private final long arena;
    private final int pageCount;

    private final int[] pageClass;
    private final int[] liveChunks;
    private final int[] freeHead;
    private final int[] cutBytes;
    private final int[] generation;
    private final boolean[] draining;
    private final boolean[] hasRoomLink;
    private final int[] roomNext;
    private final int[] roomPrev;
    private final int[] ringNext;
    private final int[] ringPrev;
    private final int[] freePages;
    private int freePageCount;
    private int highWater;

    private final int[] roomHead;
    private final int[] ringCursor;

    private long pageBytes;
    private long indexBytes;

    SlabAllocator(long maxMemory, int pageSize) {
        this.maxMemory = maxMemory;
        this.pageSize = pageSize;
        this.classes = new SizeClasses(pageSize);
        this.pageCount = (int) (Math.min(maxMemory, OffHeapIndex.MAX_ARENA_BYTES) / pageSize);
        final long arenaBytes = (long) pageCount * pageSize;
        this.rawArena = pageCount == 0 ? 0 : UNSAFE.allocateMemory(arenaBytes + SizeClasses.ALIGNMENT);
        this.arena = (rawArena + SizeClasses.ALIGNMENT - 1) & -SizeClasses.ALIGNMENT;

        pageClass = new int[pageCount];
        Arrays.fill(pageClass, NONE);
        liveChunks = new int[pageCount];
        freeHead = new int[pageCount];
        cutBytes = new int[pageCount];
        generation = new int[pageCount];
        draining = new boolean[pageCount];
        hasRoomLink = new boolean[pageCount];
        roomNext = new int[pageCount];
        roomPrev = new int[pageCount];
        ringNext = new int[pageCount];
        ringPrev = new int[pageCount];
        freePages = new int[pageCount];
        for (int p = pageCount - 1; p >= 0; p--) {
            freePages[freePageCount++] = p;
        }
        roomHead = new int[classes.count()];
        ringCursor = new int[classes.count()];
        Arrays.fill(roomHead, NONE);
        Arrays.fill(ringCursor, NONE);
    }

    SizeClasses sizeClasses() {
        return classes;
    }

    int pageSize() {
        return pageSize;
    }

    long address(long offset) {
        return arena + offset;
    }

    /** Whether the budget could hold one page besides {@code otherBytes}, with nothing else allocated. */
    boolean pageFitsAlongside(long otherBytes) {
        return pageCount > 0 && otherBytes + pageSize <= maxMemory;
    }

    synchronized long usedMemory() {
        return pageBytes + indexBytes;
    }

    synchronized long indexMemory() {
        return indexBytes;
    }

    synchronized long available() {
        return maxMemory - pageBytes - indexBytes;
    }

    /** Takes {@code bytes} of the budget for an index, or returns false when the budget cannot pay for them. */
    synchronized boolean tryReserve(long bytes) {
        if (pageBytes + indexBytes + bytes > maxMemory) {
            return false;
        }
        indexBytes += bytes;
        return true;
    }

    synchronized void release(long bytes) {
        indexBytes -= bytes;
    }

    /** A chunk of {@code sizeClass}, as an arena offset, or -1 when no page has room and the budget is spent. */
    synchronized long allocate(int sizeClass) {
        int page = roomHead[sizeClass];
        if (page == NONE) {
            page = takeFreePage(sizeClass);
            if (page == NONE) {
                return -1;
            }
        }
        final int chunkSize = classes.chunkSize(sizeClass);
        final long offset;
        if (freeHead[page] != 0) {
            offset = pageOffset(page) + freeHead[page] - 1;
            freeHead[page] = (int) EntryLayout.version(address(offset));
        } else {
            offset = pageOffset(page) + cutBytes[page];
            cutBytes[page] += chunkSize;
        }
        liveChunks[page]++;
        if (!hasRoom(page, chunkSize)) {
            unlinkRoom(page);
        }
        return offset;
    }

    /** Returns a chunk; the page goes back to the free budget when this was its last one. */
    synchronized void free(long offset) {
        final int page = (int) (offset / pageSize);
        final long address = address(offset);
        EntryLayout.markFree(address);
        EntryLayout.version(address, freeHead[page]);
        freeHead[page] = (int) (offset - pageOffset(page)) + 1;
        if (--liveChunks[page] == 0) {
            releasePage(page);
        } else if (!hasRoomLink[page] && !draining[page]) {
            linkRoom(page);
        }
    }

    synchronized boolean classHasPages(int sizeClass) {
        return ringCursor[sizeClass] != NONE;
    }

    synchronized int pageClass(int page) {
        return pageClass[page];
    }

    /**
     * Picks up to {@code out.length} chunks of a class for eviction sampling, visiting the class's pages in turn, and
     * returns how many it wrote to {@code out}. The chunks may be free or not yet published; callers check.
     */
    synchronized int sampleChunks(int sizeClass, ThreadLocalRandom random, long[] out) {
        int count = 0;
        for (int i = 0; i < out.length; i++) {
            final int page = ringCursor[sizeClass];
            if (page == NONE) {
                break;
            }
            ringCursor[sizeClass] = ringNext[page];
            final long chunk = randomChunk(page, random);
            if (chunk >= 0) {
                out[count++] = chunk;
            }
        }
        return count;
    }

    /** A random held page that is not being drained, or -1 when a few tries find none. */
    synchronized int randomPage(ThreadLocalRandom random) {
        for (int attempt = 0; attempt < 8 && highWater > 0; attempt++) {
            final int page = random.nextInt(highWater);
            if (pageClass[page] != NONE && !draining[page]) {
                return page;
            }
        }
        return NONE;
    }

    /** A random cut chunk of {@code page}, or -1. */
    synchronized long randomChunk(int page, ThreadLocalRandom random) {
        if (pageClass[page] == NONE) {
            return -1;
        }
        final int chunks = cutBytes[page] / classes.chunkSize(pageClass[page]);
        return chunks == 0 ? -1 : pageOffset(page) + (long) random.nextInt(chunks) * classes.chunkSize(pageClass[page]);
    }

    /**
     * Stops handing out chunks of {@code page} so that evicting its entries empties it; returns a token for
     * {@link #endDrain}, or -1 when the page is free or already being drained.
     */
    synchronized int beginDrain(int page) {
        if (pageClass[page] == NONE || draining[page]) {
            return NONE;
        }
        draining[page] = true;
        unlinkRoom(page);
        return generation[page];
    }

    synchronized int drainChunkSize(int page) {
        return pageClass[page] == NONE ? 0 : classes.chunkSize(pageClass[page]);
    }

    synchronized int drainCutBytes(int page) {
        return cutBytes[page];
    }

    /** Ends a drain that did not empty the page (some chunk was in flight): the page takes allocations again. */
    synchronized void endDrain(int page, int token) {
        if (generation[page] != token || pageClass[page] == NONE) {
            return;
        }
        draining[page] = false;
        if (hasRoom(page, classes.chunkSize(pageClass[page]))) {
            linkRoom(page);
        }
    }

    /** Whether the page handed out under {@code token} has been released since. */
    synchronized boolean wasReleased(int page, int token) {
        return generation[page] != token;
    }

    long pageOffset(int page) {
        return (long) page * pageSize;
    }

    private boolean hasRoom(int page, int chunkSize) {
        return freeHead[page] != 0 || cutBytes[page] + chunkSize <= pageSize;
    }

    private int takeFreePage(int sizeClass) {
        if (freePageCount == 0 || pageBytes + indexBytes + pageSize > maxMemory) {
            return NONE;
        }
        final int page = freePages[--freePageCount];
        highWater = Math.max(highWater, page + 1);
        pageClass[page] = sizeClass;
        liveChunks[page] = 0;
        freeHead[page] = 0;
        cutBytes[page] = 0;
        pageBytes += pageSize;
        linkRing(page, sizeClass);
        linkRoom(page);
        return page;
    }

    private void releasePage(int page) {
        if (hasRoomLink[page]) {
            unlinkRoom(page);
        }
        unlinkRing(page);
        pageClass[page] = NONE;
        draining[page] = false;
        generation[page]++;
        freePages[freePageCount++] = page;
        pageBytes -= pageSize;
    }

    private void linkRoom(int page) {
        final int sizeClass = pageClass[page];
        final int head = roomHead[sizeClass];
        roomPrev[page] = NONE;
        roomNext[page] = head;
        if (head != NONE) {
            roomPrev[head] = page;
        }
        roomHead[sizeClass] = page;
        hasRoomLink[page] = true;
    }

    private void unlinkRoom(int page) {
        if (!hasRoomLink[page]) {
            return;
        }
        final int prev = roomPrev[page];
        final int next = roomNext[page];
        if (prev != NONE) {
            roomNext[prev] = next;
        } else {
            roomHead[pageClass[page]] = next;
        }
        if (next != NONE) {
            roomPrev[next] = prev;
        }
        hasRoomLink[page] = false;
    }

    private void linkRing(int page, int sizeClass) {
        final int cursor = ringCursor[sizeClass];
        if (cursor == NONE) {
            ringNext[page] = page;
            ringPrev[page] = page;
            ringCursor[sizeClass] = page;
            return;
        }
        final int after = ringNext[cursor];
        ringNext[cursor] = page;
        ringPrev[page] = cursor;
        ringNext[page] = after;
        ringPrev[after] = page;
    }

    private void unlinkRing(int page) {
        final int sizeClass = pageClass[page];
        if (ringNext[page] == page) {
            ringCursor[sizeClass] = NONE;
            return;
        }
        ringNext[ringPrev[page]] = ringNext[page];
        ringPrev[ringNext[page]] = ringPrev[page];
        if (ringCursor[sizeClass] == page) {
            ringCursor[sizeClass] = ringNext[page];
        }
    }

    void close() {
        if (rawArena != 0) {
            UNSAFE.freeMemory(rawArena);
        }
    }
}
