package io.ringcache.benchmarks.compare;

import io.ringcache.benchmarks.load.KeySpace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes every key of a key space once, so that reads hit and the memory phase measures a full server. Batches of
 * {@value #BATCH} keys (Ringcache putAll, Redis MSET, Memcached pipelined sets), at most {@value #WINDOW} batches
 * in flight. Bounded: a batch unanswered within the timeout fails the fill.
 */
public final class Preloader {
    static final int BATCH = 100;
    static final int WINDOW = 16;

    private Preloader() {
    }

    /** The value every load writes: {@code size} pseudo-random bytes, the same in every run. */
    public static byte[] value(int size) {
        byte[] value = new byte[size];
        new Random(42).nextBytes(value);
        return value;
    }

    /** Writes keys {@code 0..count-1} with {@code valueSize}-byte values; returns how long it took. */
    public static Duration fill(ComparedStore store, KeySpace keys, int valueSize, Duration timeout)
            throws InterruptedException, TimeoutException {
        byte[] value = value(valueSize);
        Semaphore window = new Semaphore(WINDOW);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        for (long first = 0; first < keys.count() && failure.get() == null; first += BATCH) {
            List<byte[]> batch = new ArrayList<>(BATCH);
            for (long k = first; k < Math.min(keys.count(), first + BATCH); k++) {
                batch.add(keys.key(k));
            }
            acquire(window, 1, timeout, store);
            store.setMany(batch, value).whenComplete((ignored, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                window.release();
            });
        }
        acquire(window, WINDOW, timeout, store);
        if (failure.get() != null) {
            throw new IllegalStateException(store.name() + ": preload failed: " + failure.get(), failure.get());
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void acquire(Semaphore window, int permits, Duration timeout, ComparedStore store)
            throws InterruptedException, TimeoutException {
        if (!window.tryAcquire(permits, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new TimeoutException(store.name() + ": a preload batch was not answered within " + timeout);
        }
    }
}
