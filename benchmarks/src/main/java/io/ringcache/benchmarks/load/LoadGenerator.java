package io.ringcache.benchmarks.load;

import io.ringcache.client.CacheValue;
import io.ringcache.client.RingcacheClient;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives a cluster through the smart client: {@code sessions} closed loops, each sending its next GET or SET as
 * soon as the last one is answered, for a fixed time. Latencies go into an HdrHistogram {@link Recorder}, so the
 * per-second progress lines read interval histograms without stalling the sessions. Stops by itself.
 */
public final class LoadGenerator {
    private static final long MAX_TRACKED_MICROS = TimeUnit.MINUTES.toMicros(1);

    private final RingcacheClient client;
    private final LoadOptions options;
    private final Recorder recorder = new Recorder(MAX_TRACKED_MICROS, 3);
    private final LongAdder errors = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final byte[] value;
    private volatile long endNanos;

    public LoadGenerator(RingcacheClient client, LoadOptions options) {
        this.client = client;
        this.options = options;
        this.value = new byte[options.valueSize()];
        new Random(42).nextBytes(value);
    }

    /** Runs the load, handing one progress line per second to {@code progress}, and returns the totals. */
    public LoadResult run(Consumer<String> progress) throws InterruptedException {
        long start = System.nanoTime();
        endNanos = start + options.duration().toNanos();
        CountDownLatch finished = new CountDownLatch(options.sessions());
        for (int s = 0; s < options.sessions(); s++) {
            new Session(KeyChooser.parse(options.distribution(), options.keys().count(), s * 7919L + 1), s,
                    finished).next();
        }
        Histogram total = new Histogram(MAX_TRACKED_MICROS, 3);
        Histogram interval = null;
        int second = 0;
        while (!finished.await(1, TimeUnit.SECONDS)) {
            interval = recorder.getIntervalHistogram(interval);
            total.add(interval);
            second++;
            progress.accept(String.format("%4ds  %,10d ops/s  p50 %,7d us  p99 %,7d us  errors %d  misses %d",
                    second, interval.getTotalCount(), interval.getValueAtPercentile(50),
                    interval.getValueAtPercentile(99), errors.sum(), misses.sum()));
        }
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new LoadResult(total.getTotalCount(), seconds, total.getValueAtPercentile(50),
                total.getValueAtPercentile(99), total.getValueAtPercentile(99.9), total.getMaxValue(), errors.sum(),
                misses.sum());
    }

    /** One closed loop: one request in flight at a time. */
    private final class Session {
        private final KeyChooser keys;
        private final Random mix;
        private final CountDownLatch finished;

        Session(KeyChooser keys, int id, CountDownLatch finished) {
            this.keys = keys;
            this.mix = new Random(id);
            this.finished = finished;
        }

        void next() {
            if (System.nanoTime() >= endNanos) {
                finished.countDown();
                return;
            }
            byte[] key = options.keys().key(keys.next());
            long start = System.nanoTime();
            CompletableFuture<?> request;
            try {
                if (mix.nextDouble() < options.readRatio()) {
                    request = client.getAsync(key).thenAccept(this::countMiss);
                } else {
                    request = client.putAsync(key, value, null, 0);
                }
            } catch (RuntimeException e) {
                request = CompletableFuture.failedFuture(e);
            }
            request.whenComplete((ignored, failure) -> {
                if (failure == null) {
                    recorder.recordValue(Math.min(MAX_TRACKED_MICROS, (System.nanoTime() - start) / 1000));
                } else {
                    errors.increment();
                }
                next();
            });
        }

        private void countMiss(CacheValue found) {
            if (found == null) {
                misses.increment();
            }
        }
    }
}
