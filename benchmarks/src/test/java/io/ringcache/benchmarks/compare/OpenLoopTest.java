package io.ringcache.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcache.benchmarks.load.KeySpace;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The fixed-rate load's accounting against stores that answer after a delay chosen per request
 * ({@link FakeStore}): every request intended within the round is sent, latencies run from the intended send time,
 * and a store that falls behind holds at most the bound. No assertion depends on how fast this machine is: delays
 * only lengthen latencies.
 */
class OpenLoopTest {
    private static final KeySpace KEYS = new KeySpace(1_000, 20);
    private static final Workload READ90 = new Workload("w", 0.9, "uniform", 16, 0);
    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void aRoundSendsEveryRequestIntendedWithinItAtTheTargetRate() throws Exception {
        try (FakeStore store = new FakeStore(n -> MILLI)) {
            OpenLoop load = new OpenLoop(store, READ90, KEYS, 2_000, 1, 1024);
            assertEquals(1_000, load.intended(Duration.ofMillis(500)));

            OpenLoopResult result = load.run(Duration.ofMillis(500), line -> { });
            assertEquals(1_000, result.sent());
            assertEquals(0, result.unsent());
            assertEquals(2_000.0, result.achievedPerSecond());
            assertEquals(1_000, result.round().operations());
            assertEquals(1_000, store.requests());
            assertEquals(0, result.round().errors());
            assertTrue(result.round().latencies().getMinValue() >= 1_000, "a 1 ms store answers in 1 ms at least");
            assertEquals(1_000, result.sendLag().getTotalCount());
            assertEquals(1_000, result.fromSend().getTotalCount());
            assertTrue(result.fromSend().getMinValue() >= 1_000, "timed from the send, too, 1 ms at least");
        }
    }

    @Test
    void sendersShareTheRequestsBetweenThem() throws Exception {
        try (FakeStore store = new FakeStore(n -> 0)) {
            OpenLoopResult result = new OpenLoop(store, READ90, KEYS, 3_001, 3, 1024).run(Duration.ofMillis(300),
                    line -> { });
            assertEquals(901, result.sent());
            assertEquals(901, result.round().operations());
        }
    }

    @Test
    void aStallCountsForEveryRequestIntendedDuringIt_notOnlyForThoseSentBeforeIt() throws Exception {
        long stall = TimeUnit.MILLISECONDS.toNanos(200);
        AtomicLong stallEnds = new AtomicLong();
        LongUnaryOperator stallFromTheHundredth = n -> {
            if (n < 100) {
                return 0;
            }
            stallEnds.compareAndSet(0, System.nanoTime() + stall);
            return Math.max(0, stallEnds.get() - System.nanoTime());
        };
        try (FakeStore store = new FakeStore(stallFromTheHundredth)) {
            OpenLoopResult result = new OpenLoop(store, READ90, KEYS, 1_000, 1, 16).run(Duration.ofMillis(600),
                    line -> { });
            assertEquals(600, result.sent() + result.unsent());
            Histogram latencies = result.round().latencies();
            assertEquals(result.sent(), latencies.getTotalCount());
            // Requests 100 to 200 are intended within 100 ms of the stall's start and answered after its end. Timed
            // from when they were sent, only the 16 in flight during the stall would show it.
            long slow = latencies.getCountBetweenValues(100_000, latencies.getHighestTrackableValue());
            assertTrue(slow >= 101, "answers 100 ms or more after their intended time: " + slow);
            Histogram fromSend = result.fromSend();
            assertEquals(result.sent(), fromSend.getTotalCount());
            assertTrue(fromSend.getMaxValue() >= 190_000, "the 100th request waited out the stall after it was sent");
        }
    }

    @Test
    void aStoreThatFallsBehindHasAtMostTheBoundInFlightAndTheRestIsCountedUnsent() throws Exception {
        long late = TimeUnit.SECONDS.toNanos(2);
        try (FakeStore store = new FakeStore(n -> late)) {
            OpenLoopResult result = new OpenLoop(store, READ90, KEYS, 1_000, 1, 8).run(Duration.ofMillis(50),
                    line -> { });
            assertEquals(8, result.sent());
            assertEquals(42, result.unsent());
            assertTrue(result.waitedForSlot() >= 1);
            assertEquals(8, result.round().operations());
            // three significant digits: a recorded 2 s may read as its bucket's lowest value, 1.998848 s
            assertTrue(result.round().latencies().getMinValue() >= 1_990_000, "min " + result.round().latencies()
                    .getMinValue());
        }
    }

    @Test
    void requestsThatFailAtOnceAreCountedAsErrors() throws Exception {
        try (FakeStore store = new FakeStore(n -> -1)) {
            OpenLoopResult result = new OpenLoop(store, READ90, KEYS, 20_000, 1, 4).run(Duration.ofMillis(100),
                    line -> { });
            assertEquals(2_000, result.sent());
            assertEquals(2_000, result.round().errors());
            assertEquals(0, result.round().operations());
        }
    }

    @Test
    void rateSendersAndBoundMustBePositive() {
        try (FakeStore store = new FakeStore(n -> 0)) {
            assertThrows(IllegalArgumentException.class, () -> new OpenLoop(store, READ90, KEYS, 0, 1, 1));
            assertThrows(IllegalArgumentException.class, () -> new OpenLoop(store, READ90, KEYS, 1, 0, 1));
            assertThrows(IllegalArgumentException.class, () -> new OpenLoop(store, READ90, KEYS, 1, 1, 0));
        }
    }
}
