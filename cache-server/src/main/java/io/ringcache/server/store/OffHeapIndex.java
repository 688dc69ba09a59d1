package io.ringcache.server.store;

import static org.agrona.UnsafeAccess.UNSAFE;

/**
 * One stripe's open-addressing hash table: an off-heap array of 8-byte slots, linear probing, backward-shift
 * deletion (no tombstones, so probe runs never rot). Not thread-safe; its stripe's lock guards it.
 *
 * <pre>
 *   63                                  27 26                      0
 *  +--------------------------------------+-------------------------+
 *  |     entry offset / 8 + 1 (37 bits)   |   hash tag (27 bits)    |
 *  +--------------------------------------+-------------------------+
 * </pre>
 *
 * <p>A slot of zero is empty. The tag is the low 27 bits of the key's hash, and the home slot is taken from the tag
 * itself ({@code tag * capacity >>> 27}, which spreads tags over any capacity), so lookups skip most non-matching
 * entries without touching them, and rehashing never reads an entry or recomputes a hash. Entry offsets are multiples
 * of 8 in an arena of at most 1 TiB.
 *
 * <p>The table grows at a load of 0.8, where linear probing's expected probe lengths are still short (3 slots for a
 * hit, 13 for a miss, all in 8-byte slots that share cache lines), and it grows by a quarter rather than doubling:
 * every stripe holds about the same number of keys, so all 64 tables grow together, and the index costs between 10
 * and 12.5 bytes per entry at any size, where doubling swings between 10 and 20. Each growth copies the slots (not
 * the entries), about 4 slot copies per entry in all instead of 1.
 */
final class OffHeapIndex {

    static final int TAG_BITS = 27;
    static final int TAG_MASK = (1 << TAG_BITS) - 1;
    static final int MIN_CAPACITY = 16;
    static final int MAX_CAPACITY = 1 << TAG_BITS;
    private static final int OFFSET_SHIFT = Integer.numberOfTrailingZeros(SizeClasses.ALIGNMENT);
    static final long MAX_ARENA_BYTES = ((1L << (Long.SIZE - TAG_BITS)) - 1) << OFFSET_SHIFT;

    private final long address;
    private final int capacity;
    private int size;

    OffHeapIndex(int capacity) {
        if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be in 16..2^27, was " + capacity);
        }
        this.capacity = capacity;
        this.address = UNSAFE.allocateMemory(bytesFor(capacity));
        UNSAFE.setMemory(address, bytesFor(capacity), (byte) 0);
    }

    static long bytesFor(int capacity) {
        return (long) capacity * Long.BYTES;
    }

    /** The capacity a table of {@code capacity} slots grows to: a quarter more, within {@link #MAX_CAPACITY}. */
    static int grownCapacity(int capacity) {
        return (int) Math.min(MAX_CAPACITY, capacity + capacity / 4L);
    }

    static long slot(long entryOffset, int tag) {
        return ((entryOffset >>> OFFSET_SHIFT) + 1) << TAG_BITS | tag;
    }

    static long entryOffset(long slot) {
        return ((slot >>> TAG_BITS) - 1) << OFFSET_SHIFT;
    }

    static int tag(long slot) {
        return (int) slot & TAG_MASK;
    }

    int capacity() {
        return capacity;
    }

    int size() {
        return size;
    }

    long bytes() {
        return bytesFor(capacity);
    }

    /** Whether one more entry takes the load above 0.8, where the table should grow. */
    boolean wantsToGrow() {
        return size + 1 > capacity - capacity / 5;
    }

    /** Whether one more entry would leave too few empty slots for linear probing, even when growth is refused. */
    boolean isFull() {
        return size + 1 > capacity - capacity / 8;
    }

    int home(int tag) {
        return (int) ((long) tag * capacity >>> TAG_BITS);
    }

    int next(int index) {
        return index + 1 == capacity ? 0 : index + 1;
    }

    /** How many steps of {@link #next} lead from slot {@code from} to slot {@code to}. */
    private int distance(int from, int to) {
        return to >= from ? to - from : to - from + capacity;
    }

    long slotAt(int index) {
        return UNSAFE.getLong(address + ((long) index << 3));
    }

    private void putSlot(int index, long slot) {
        UNSAFE.putLong(address + ((long) index << 3), slot);
    }

    /** Replaces the slot of an existing key (same tag) with a new entry. */
    void replace(int index, long slot) {
        putSlot(index, slot);
    }

    /** Adds a slot for a key known to be absent; the caller has checked {@link #isFull()}. */
    void insert(long slot) {
        int i = home(tag(slot));
        while (slotAt(i) != 0) {
            i = next(i);
        }
        putSlot(i, slot);
        size++;
    }

    /** The position of the slot for {@code entryOffset} in the probe run of {@code tag}, or -1. */
    int find(int tag, long entryOffset) {
        for (int i = home(tag); ; i = next(i)) {
            final long slot = slotAt(i);
            if (slot == 0) {
                return -1;
            }
            if (tag(slot) == tag && entryOffset(slot) == entryOffset) {
                return i;
            }
        }
    }

    /** Empties a slot and shifts later members of its probe run back, so no tombstone is left. */
    void remove(int index) {
        int hole = index;
        for (int i = next(index); ; i = next(i)) {
            final long slot = slotAt(i);
            if (slot == 0) {
                break;
            }
            final int home = home(tag(slot));
            // the slot may move into the hole only if its home is not cyclically inside (hole, i]
            if (distance(home, i) >= distance(hole, i)) {
                putSlot(hole, slot);
                hole = i;
            }
        }
        putSlot(hole, 0);
        size--;
    }

    /** Copies every slot into {@code target}, which must be empty and large enough. */
    void copyInto(OffHeapIndex target) {
        for (int i = 0; i < capacity; i++) {
            final long slot = slotAt(i);
            if (slot != 0) {
                target.insert(slot);
            }
        }
    }

    void free() {
        UNSAFE.freeMemory(address);
    }
}
