package io.ringcache.server.store;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Issues entry versions that strictly increase across the whole store and are unique across the cluster, as a
 * hybrid logical clock, so that replicas can keep the newer of two writes of a key by comparing versions alone.
 *
 * <pre>
 *   63                                   16 15            8 7             0
 *  +---------------------------------------+---------------+---------------+
 *  |        wall clock (epoch ms)          |   sequence    |   node tag    |
 *  +---------------------------------------+---------------+---------------+
 * </pre>
 *
 * <p>This is the entry version the protocol exposes. The sequence counts writes within a millisecond; the node tag
 * (0..255, given to the store) makes two nodes' versions differ even when they write in the same millisecond. Bits
 * 8..63 taken together are a counter that starts at the wall clock: when more than 256 writes fall in one millisecond,
 * or the wall clock stalls or steps back, the counter just runs on, so versions still increase.
 * {@link #observe(long)} is the HLC receive rule: after it, every local version is greater than the observed one.
 * Versions stay increasing across restarts (the wall clock has moved on) and positive until the year 6400.
 */
final class VersionClock {

    /** Bits below the wall-clock milliseconds. */
    static final int LOGICAL_BITS = 16;
    /** Bits of the node tag, the lowest of the version. */
    static final int TAG_BITS = 8;
    /** The largest node tag. */
    static final int MAX_TAG = (1 << TAG_BITS) - 1;

    private final long tag;
    /** The largest version issued or observed. */
    private final AtomicLong last = new AtomicLong();

    VersionClock(int tag) {
        if (tag < 0 || tag > MAX_TAG) {
            throw new IllegalArgumentException("version tag must be 0.." + MAX_TAG + ", was " + tag);
        }
        this.tag = tag;
    }

    long next(long nowMs) {
        final long physicalTicks = nowMs << (LOGICAL_BITS - TAG_BITS);
        while (true) {
            final long previous = last.get();
            final long ticks = Math.max(physicalTicks, (previous >>> TAG_BITS) + 1);
            final long version = ticks << TAG_BITS | tag;
            if (last.compareAndSet(previous, version)) {
                return version;
            }
        }
    }

    /** The wall-clock milliseconds in a version's high bits: when its write happened, on the node that stamped it. */
    static long wallClockMs(long version) {
        return version >>> LOGICAL_BITS;
    }

    /** Makes every later {@link #next} version greater than {@code remoteVersion}. */
    void observe(long remoteVersion) {
        while (true) {
            final long previous = last.get();
            if (remoteVersion <= previous || last.compareAndSet(previous, remoteVersion)) {
                return;
            }
        }
    }
}
