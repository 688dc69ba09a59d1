package io.ringcache.benchmarks.compare;

import io.ringcache.benchmarks.load.KeyChooser;
import io.ringcache.benchmarks.load.KeySpace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The load of one round against any {@link ComparedStore}: the sessions of {@code benchmarks/load/LoadGenerator}
 * (closed loops, each sending its next request as soon as the last is answered, keys picked by the same
 * {@link KeyChooser} seeds, the same read/write draw), recording into an HdrHistogram {@link Recorder} with one
 * progress line per second. {@code LoadGenerator} speaks only Ringcache's client; this one speaks whatever the store
 * wraps, and adds batched reads.
 *
 * <p>Bounded: sessions stop sending at the end of the round, and a round whose requests are still unanswered
 * {@link #GRACE} later fails instead of waiting on.
 */
public final class ClosedLoop {
    static final Duration GRACE = Duration.ofSeconds(10);
    private static final long MAX_TRACKED_MICROS = TimeUnit.MINUTES.toMicros(1);

    private final ComparedStore store;
    private final Workload workload;
    private final KeySpace keys;
    private final int sessions;
    private final Recorder recorder = new Recorder(MAX_TRACKED_MICROS, 3);
    private final LongAdder errors = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final byte[] value;
    private volatile long endNanos;

    public ClosedLoop(ComparedStore store, Workload workload, KeySpace keys, int sessions) {
        if (sessions < 1) {
            throw new IllegalArgumentException("sessions must be at least 1, was " + sessions);
        }
        this.store = store;
        this.workload = workload;
        this.keys = keys;
        this.sessions = sessions;
        this.value = Preloader.value(workload.valueSize());
    }

    /** Runs one round of {@code duration}, handing one progress line per second to {@code progress}. */
    public RoundResult run(Duration duration, Consumer<String> progress) throws InterruptedException {
        long start = System.nanoTime();
        endNanos = start + duration.toNanos();
        CountDownLatch finished = new CountDownLatch(sessions);
        for (int s = 0; s < sessions; s++) {
            new Session(KeyChooser.parse(workload.distribution(), keys.count(), s * 7919L + 1), s, finished).next();
        }
        Histogram total = new Histogram(MAX_TRACKED_MICROS, 3);
        Histogram interval = null;
        int second = 0;
        long giveUp = endNanos + GRACE.toNanos();
        while (!finished.await(1, TimeUnit.SECONDS)) {
            interval = recorder.getIntervalHistogram(interval);
            total.add(interval);
            second++;
            progress.accept(String.format("%-9s %4ds  %,10d ops/s  p50 %,7d us  p99 %,7d us  errors %d  misses %d",
                    store.name(), second, interval.getTotalCount(), interval.getValueAtPercentile(50),
                    interval.getValueAtPercentile(99), errors.sum(), misses.sum()));
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException(store.name() + ": " + finished.getCount() + " of " + sessions
                        + " sessions still wait for an answer " + GRACE.toSeconds() + " s after the round ended");
            }
        }
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return new RoundResult(total, (System.nanoTime() - start) / 1e9, errors.sum(), misses.sum());
    }

    /** One closed loop: one request in flight at a time. */
    private final class Session {
        private final KeyChooser chooser;
        private final Random mix;
        private final CountDownLatch finished;

        Session(KeyChooser chooser, int id, CountDownLatch finished) {
            this.chooser = chooser;
            this.mix = new Random(id);
            this.finished = finished;
        }

        /**
         * Sends requests until one is left in flight or the round is over. A request the store answers at once (a
         * failure on a dead connection) is counted here and the loop goes on, instead of recursing through
         * {@code whenComplete} until the stack overflows.
         */
        void next() {
            while (System.nanoTime() < endNanos) {
                long start = System.nanoTime();
                CompletableFuture<?> request;
                try {
                    request = send();
                } catch (RuntimeException e) {
                    request = CompletableFuture.failedFuture(e);
                }
                if (!request.isDone()) {
                    request.whenComplete((ignored, failure) -> {
                        count(start, failure == null);
                        next();
                    });
                    return;
                }
                count(start, !request.isCompletedExceptionally());
            }
            finished.countDown();
        }

        private void count(long start, boolean succeeded) {
            if (succeeded) {
                recorder.recordValue(Math.min(MAX_TRACKED_MICROS, (System.nanoTime() - start) / 1000));
            } else {
                errors.increment();
            }
        }

        private CompletableFuture<?> send() {
            if (workload.batch() > 0) {
                List<byte[]> batch = new ArrayList<>(workload.batch());
                for (int i = 0; i < workload.batch(); i++) {
                    batch.add(keys.key(chooser.next()));
                }
                return store.getMany(batch).thenAccept(found -> misses.add(workload.batch() - found));
            }
            byte[] key = keys.key(chooser.next());
            if (mix.nextDouble() < workload.readRatio()) {
                return store.get(key).thenAccept(found -> {
                    if (!found) {
                        misses.increment();
                    }
                });
            }
            return store.set(key, value);
        }
    }
}
