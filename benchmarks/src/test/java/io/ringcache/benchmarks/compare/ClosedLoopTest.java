package io.ringcache.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcache.benchmarks.load.KeySpace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The comparison's load and preload against an in-memory store that answers on another thread, or at once. */
class ClosedLoopTest {
    private static final KeySpace KEYS = new KeySpace(1_000, 20);

    @Test
    void aPreloadedStoreAnswersEveryReadAndTheRoundEndsOnTime() throws Exception {
        try (FakeStore store = new FakeStore(n -> 0)) {
            Preloader.fill(store, KEYS, 16, Duration.ofSeconds(5));
            assertEquals(KEYS.count(), store.entries.size());

            long start = System.nanoTime();
            RoundResult result = new ClosedLoop(store, new Workload("w", 0.9, "zipf:0.99", 16, 0), KEYS, 4)
                    .run(Duration.ofMillis(300), line -> { });
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
            assertTrue(result.operations() > 0);
            assertEquals(0, result.errors());
            assertEquals(0, result.misses());
            assertEquals(result.operations(), store.gets.get() + store.sets.get());
        }
    }

    @Test
    void batchedReadsCountEachMissingKey() throws Exception {
        try (FakeStore store = new FakeStore(n -> 0)) {
            RoundResult result = new ClosedLoop(store, new Workload("mget", 1, "uniform", 16, 10), KEYS, 2)
                    .run(Duration.ofMillis(200), line -> { });
            assertTrue(result.operations() > 0);
            assertEquals(result.operations() * 10, result.misses());
            assertEquals(0, store.sets.get());
        }
    }

    @Test
    void requestsThatFailAtOnceAreCountedWithoutExhaustingTheStack() throws Exception {
        try (FakeStore store = new FakeStore(n -> -1)) {
            RoundResult result = new ClosedLoop(store, new Workload("w", 0.5, "uniform", 16, 0), KEYS, 2)
                    .run(Duration.ofMillis(200), line -> { });
            assertEquals(0, result.operations());
            assertTrue(result.errors() > 10_000, "errors: " + result.errors());
        }
    }

    @Test
    void roundsAreSummarizedByTheMedianRoundAndEveryLatency() throws Exception {
        try (FakeStore store = new FakeStore(n -> 0)) {
            Workload workload = new Workload("w", 1, "uniform", 16, 0);
            List<RoundResult> rounds = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                rounds.add(new ClosedLoop(store, workload, KEYS, 2).run(Duration.ofMillis(100), line -> { }));
            }
            Map<String, Object> summary = Compare.summarize(rounds);
            long total = rounds.stream().mapToLong(RoundResult::operations).sum();
            assertEquals(total, summary.get("operations"));
            assertEquals(3, ((List<?>) summary.get("round_ops_per_sec")).size());
            assertEquals(2.0, Compare.median(new double[] {3, 1, 2}));
            assertEquals(2.5, Compare.median(new double[] {4, 1, 2, 3}));
        }
    }
}
