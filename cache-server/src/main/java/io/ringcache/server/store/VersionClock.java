package io.ringcache.server.store;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Issues entry versions that strictly increase across the whole store, shaped like a hybrid logical clock: the high
 * bits are the wall-clock millisecond, the low {@value #LOGICAL_BITS} bits count writes within it. Versions thus stay
 * increasing across restarts and are roughly comparable between nodes (replicas keep the newer one), while a stalled
 * or backward clock only makes the counter run on.
 */
final class VersionClock {

    static final int LOGICAL_BITS = 16;
    private final AtomicLong last = new AtomicLong();

    long next(long nowMs) {
        final long physical = nowMs << LOGICAL_BITS;
        while (true) {
            final long previous = last.get();
            final long version = Math.max(physical, previous + 1);
            if (last.compareAndSet(previous, version)) {
                return version;
            }
        }
    }
}
