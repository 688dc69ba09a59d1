package io.ringcache.server.eviction;

/**
 * The best eviction candidates seen over several sampling rounds, like Redis's eviction pool: sampling five entries
 * at a time approximates LRU poorly on its own, but remembering the oldest candidates between rounds makes each
 * eviction pick from many more samples at no extra cost.
 *
 * <p>Candidates are kept in primitive arrays sorted by ascending score, so offering and polling allocate nothing. A
 * candidate is only a hint (an entry offset, its version and key hash when it was sampled): the caller must check
 * that the entry is still there before evicting it. Not thread-safe.
 */
public final class EvictionPool {

    /** Redis's pool size: enough memory of past rounds, small enough to scan in a few cache lines. */
    public static final int DEFAULT_CAPACITY = 16;

    private final long[] scores;
    private final long[] offsets;
    private final long[] versions;
    private final long[] hashes;
    private int size;
    private long polledOffset;
    private long polledVersion;
    private long polledHash;

    public EvictionPool(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        scores = new long[capacity];
        offsets = new long[capacity];
        versions = new long[capacity];
        hashes = new long[capacity];
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The highest score in the pool, or -1 when empty. */
    public long bestScore() {
        return size == 0 ? -1 : scores[size - 1];
    }

    /** Adds a candidate unless the pool is full of better ones; a candidate already present gets its new score. */
    public void offer(long score, long offset, long version, long hash) {
        for (int i = 0; i < size; i++) {
            if (offsets[i] == offset && versions[i] == version) {
                removeAt(i);
                break;
            }
        }
        if (size == scores.length) {
            if (score <= scores[0]) {
                return;
            }
            removeAt(0);
        }
        int at = size;
        while (at > 0 && scores[at - 1] > score) {
            scores[at] = scores[at - 1];
            offsets[at] = offsets[at - 1];
            versions[at] = versions[at - 1];
            hashes[at] = hashes[at - 1];
            at--;
        }
        scores[at] = score;
        offsets[at] = offset;
        versions[at] = version;
        hashes[at] = hash;
        size++;
    }

    /** Removes the best candidate; read it with {@link #polledOffset()} and friends. Returns false when empty. */
    public boolean pollBest() {
        if (size == 0) {
            return false;
        }
        size--;
        polledOffset = offsets[size];
        polledVersion = versions[size];
        polledHash = hashes[size];
        return true;
    }

    public long polledOffset() {
        return polledOffset;
    }

    public long polledVersion() {
        return polledVersion;
    }

    public long polledHash() {
        return polledHash;
    }

    private void removeAt(int index) {
        final int tail = size - index - 1;
        System.arraycopy(scores, index + 1, scores, index, tail);
        System.arraycopy(offsets, index + 1, offsets, index, tail);
        System.arraycopy(versions, index + 1, versions, index, tail);
        System.arraycopy(hashes, index + 1, hashes, index, tail);
        size--;
    }
}
