package io.ringcache.benchmarks.compare;

import io.ringcache.benchmarks.load.KeyChooser;
import io.ringcache.benchmarks.load.KeySpace;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The load of one round against any {@link ComparedStore}: the sessions of {@code benchmarks/load/LoadGenerator}
 * (closed loops, each sending its next request as soon as the last is answered, keys picked by the same
 * {@link KeyChooser} seeds, the same read/write draw), recording into an HdrHistogram recorder with one progress line
 * per second ({@link RoundRecording}). {@code LoadGenerator} speaks only Ringcache's client; this one speaks whatever
 * the store wraps, and adds batched reads. Its latencies are those of a fixed number of requests in flight, not of a
 * given load: {@link OpenLoop} measures those.
 *
 * <p>Bounded: sessions stop sending at the end of the round, and a round whose requests are still unanswered
 * {@link RoundRecording#GRACE} later fails instead of waiting on.
 */
public final class ClosedLoop {
    private final ComparedStore store;
    private final Workload workload;
    private final KeySpace keys;
    private final int sessions;
    private final RoundRecording recording;
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
        this.recording = new RoundRecording(store.name());
        this.value = Preloader.value(workload.valueSize());
    }

    /** Runs one round of {@code duration}, handing one progress line per second to {@code progress}. */
    public RoundResult run(Duration duration, Consumer<String> progress) throws InterruptedException {
        long start = System.nanoTime();
        endNanos = start + duration.toNanos();
        CountDownLatch finished = new CountDownLatch(sessions);
        for (int s = 0; s < sessions; s++) {
            new Session(new RequestMix(store, workload, keys, value, recording.misses(), s), finished).next();
        }
        Histogram latencies = recording.awaitEnd(endNanos, finished::await,
                () -> finished.getCount() + " of " + sessions + " sessions", progress);
        return new RoundResult(latencies, (System.nanoTime() - start) / 1e9, recording.errors(),
                recording.missCount());
    }

    /** One closed loop: one request in flight at a time. */
    private final class Session {
        private final RequestMix requests;
        private final CountDownLatch finished;

        Session(RequestMix requests, CountDownLatch finished) {
            this.requests = requests;
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
                CompletableFuture<?> request = requests.send();
                if (!request.isDone()) {
                    request.whenComplete((ignored, failure) -> {
                        recording.record(start, failure == null);
                        next();
                    });
                    return;
                }
                recording.record(start, !request.isCompletedExceptionally());
            }
            finished.countDown();
        }
    }
}
