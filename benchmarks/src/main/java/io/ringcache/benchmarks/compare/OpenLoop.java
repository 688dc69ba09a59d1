package io.ringcache.benchmarks.compare;

import io.ringcache.benchmarks.load.KeySpace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A fixed-rate load against any {@link ComparedStore}, for latencies at a given load (issue 6: p99 at 70% of peak),
 * which {@link ClosedLoop}'s fixed number of requests in flight cannot give: a closed loop sends less when the server
 * is slow, so its slow moments hide themselves ("coordinated omission").
 *
 * <p>Request {@code n} of the round has an intended send time, {@code start + n / rate}, and its latency is taken
 * from that time, not from when it was actually sent (as wrk2 does): a server that stalls delays the requests
 * behind the stall, and their wait counts. Each of the {@code senders} threads owns every {@code senders}-th
 * request, so the requests are spread evenly; a sender parks until the next intended time and, when it is late,
 * sends what is due at once. Keys and the read/write draw come from a {@link RequestMix} per sender.
 *
 * <p>Bounded: every request intended before the end of the round is sent, and no other; at most
 * {@code maxInFlight} are unanswered at a time. A sender that finds them all unanswered waits for one (counted in
 * {@link OpenLoopResult#waitedForSlot()}), and once the round is over gives up the requests it still owes (counted in
 * {@link OpenLoopResult#unsent()}). A round whose requests are unanswered {@link RoundRecording#GRACE} after it ended
 * fails.
 */
public final class OpenLoop {
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long SLOT_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final ComparedStore store;
    private final Workload workload;
    private final KeySpace keys;
    private final long ratePerSecond;
    private final int senders;
    private final int maxInFlight;
    private final RoundRecording recording;
    private final byte[] value;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Recorder fromSend = new Recorder(RoundRecording.MAX_TRACKED_MICROS, 3);

    public OpenLoop(ComparedStore store, Workload workload, KeySpace keys, long ratePerSecond, int senders,
            int maxInFlight) {
        if (ratePerSecond < 1) {
            throw new IllegalArgumentException("rate must be at least 1 request/s, was " + ratePerSecond);
        }
        if (senders < 1) {
            throw new IllegalArgumentException("senders must be at least 1, was " + senders);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("requests in flight must be at least 1, was " + maxInFlight);
        }
        this.store = store;
        this.workload = workload;
        this.keys = keys;
        this.ratePerSecond = ratePerSecond;
        this.senders = senders;
        this.maxInFlight = maxInFlight;
        this.recording = new RoundRecording(store.name());
        this.value = Preloader.value(workload.valueSize());
    }

    /** The requests a round of {@code duration} intends to send: those whose intended time falls inside it. */
    public long intended(Duration duration) {
        return ceilDiv(Math.multiplyExact(duration.toNanos(), ratePerSecond), NANOS_PER_SECOND);
    }

    /** Runs one round of {@code duration}, handing one progress line per second to {@code progress}. */
    public OpenLoopResult run(Duration duration, Consumer<String> progress) throws InterruptedException {
        long intended = intended(duration);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        CountDownLatch sent = new CountDownLatch(senders);
        List<Sender> all = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            Sender sender = new Sender(s, start, end, intended, sent);
            all.add(sender);
            Thread thread = new Thread(sender::run, "open-loop-" + store.name() + "-" + s);
            thread.setDaemon(true);
            thread.start();
        }
        Histogram latencies = recording.awaitEnd(end, (timeout, unit) -> sent.await(timeout, unit)
                && drained(System.nanoTime() + unit.toNanos(timeout)), () -> inFlight.get() + " requests", progress);
        Histogram lag = new Histogram(RoundRecording.MAX_TRACKED_MICROS, 3);
        long sentCount = 0;
        long waited = 0;
        for (Sender sender : all) {
            lag.add(sender.lag);
            sentCount += sender.sent;
            waited += sender.waited;
        }
        RoundResult round = new RoundResult(latencies, duration.toNanos() / 1e9, recording.errors(),
                recording.missCount());
        return new OpenLoopResult(round, ratePerSecond, sentCount, intended - sentCount, waited, lag,
                fromSend.getIntervalHistogram());
    }

    /** Waits until every request sent is answered or {@code deadline} passes; polls, as it runs only at the end. */
    private boolean drained(long deadline) {
        while (inFlight.get() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(SLOT_POLL_NANOS);
        }
        return true;
    }

    private static long ceilDiv(long dividend, long divisor) {
        return -Math.floorDiv(-dividend, divisor);
    }

    /** One sending thread: requests {@code id}, {@code id + senders}, ... each at its intended time. */
    private final class Sender {
        final Histogram lag = new Histogram(RoundRecording.MAX_TRACKED_MICROS, 3);
        long sent;
        long waited;
        private final int id;
        private final long start;
        private final long end;
        private final long intended;
        private final CountDownLatch done;

        Sender(int id, long start, long end, long intended, CountDownLatch done) {
            this.id = id;
            this.start = start;
            this.end = end;
            this.intended = intended;
            this.done = done;
        }

        void run() {
            try {
                RequestMix requests = new RequestMix(store, workload, keys, value, recording.misses(), id);
                for (long n = id; n < intended; n += senders) {
                    long due = start + n * NANOS_PER_SECOND / ratePerSecond;
                    waitUntil(due);
                    if (inFlight.get() >= maxInFlight) {
                        waited++;
                        if (!awaitSlot()) {
                            return;
                        }
                    }
                    long sentAt = System.nanoTime();
                    lag.recordValue(RoundRecording.micros(due, sentAt));
                    inFlight.incrementAndGet();
                    requests.send().whenComplete((ignored, failure) -> {
                        recording.record(due, failure == null);
                        if (failure == null) {
                            fromSend.recordValue(RoundRecording.micros(sentAt, System.nanoTime()));
                        }
                        inFlight.decrementAndGet();
                    });
                    sent++;
                }
            } finally {
                done.countDown();
            }
        }

        private void waitUntil(long due) {
            for (long now = System.nanoTime(); now - due < 0; now = System.nanoTime()) {
                LockSupport.parkNanos(due - now);
            }
        }

        /** Waits for a request to be answered; returns false if the round ended first. */
        private boolean awaitSlot() {
            while (inFlight.get() >= maxInFlight) {
                if (System.nanoTime() - end >= 0) {
                    return false;
                }
                LockSupport.parkNanos(SLOT_POLL_NANOS);
            }
            return true;
        }
    }
}
