package io.ringcache.benchmarks.compare;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What one round of load records, whichever loop drives it ({@link ClosedLoop}, {@link OpenLoop}): each answer's
 * latency in an HdrHistogram {@link Recorder} (microseconds, so rounds can be merged), the failures and the misses,
 * and the wait for the round's last answers with one progress line per second. Bounded: a round whose requests are
 * still unanswered {@link #GRACE} after it ended fails instead of waiting on.
 */
final class RoundRecording {
    static final Duration GRACE = Duration.ofSeconds(10);
    static final long MAX_TRACKED_MICROS = TimeUnit.MINUTES.toMicros(1);

    private final String name;
    private final Recorder recorder = new Recorder(MAX_TRACKED_MICROS, 3);
    private final LongAdder errors = new LongAdder();
    private final LongAdder misses = new LongAdder();

    RoundRecording(String name) {
        this.name = name;
    }

    /** How a loop says that its last request is answered. */
    @FunctionalInterface
    interface Finish {
        /** Waits at most {@code timeout} for the end; returns whether it came. */
        boolean await(long timeout, TimeUnit unit) throws InterruptedException;
    }

    /** Counts one answer to a request timed from {@code startNanos}: its latency if it succeeded, else a failure. */
    void record(long startNanos, boolean succeeded) {
        if (succeeded) {
            recorder.recordValue(micros(startNanos, System.nanoTime()));
        } else {
            errors.increment();
        }
    }

    /** Microseconds from {@code fromNanos} to {@code toNanos}, as the histograms track them (at most a minute). */
    static long micros(long fromNanos, long toNanos) {
        return Math.min(MAX_TRACKED_MICROS, (toNanos - fromNanos) / 1000);
    }

    LongAdder misses() {
        return misses;
    }

    /**
     * Waits until {@code finish} comes, handing one progress line per second to {@code progress}, and returns every
     * latency recorded. Fails if the round is not over {@link #GRACE} after {@code endNanos}; {@code pending} then
     * says what is still waiting.
     */
    Histogram awaitEnd(long endNanos, Finish finish, Supplier<String> pending, Consumer<String> progress)
            throws InterruptedException {
        Histogram total = new Histogram(MAX_TRACKED_MICROS, 3);
        Histogram interval = null;
        int second = 0;
        long giveUp = endNanos + GRACE.toNanos();
        while (!finish.await(1, TimeUnit.SECONDS)) {
            interval = recorder.getIntervalHistogram(interval);
            total.add(interval);
            second++;
            progress.accept(progressLine(name, second, interval, errors.sum(), misses.sum()));
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException(name + ": " + pending.get() + " still wait for an answer "
                        + GRACE.toSeconds() + " s after the round ended");
            }
        }
        total.add(recorder.getIntervalHistogram(interval));
        return total;
    }

    long errors() {
        return errors.sum();
    }

    long missCount() {
        return misses.sum();
    }

    /** The progress line of second {@code second} of a round, whose latencies that second were {@code interval}. */
    static String progressLine(String name, int second, Histogram interval, long errors, long misses) {
        return String.format("%-9s %4ds  %,10d ops/s  p50 %,7d us  p99 %,7d us  errors %d  misses %d", name, second,
                interval.getTotalCount(), interval.getValueAtPercentile(50), interval.getValueAtPercentile(99), errors,
                misses);
    }
}
