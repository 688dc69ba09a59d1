package io.ringcache.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Rounds at one rate merge into one result whose percentiles are over all their requests. */
class OpenLoopResultTest {

    /** A round of {@code count} latencies of {@code micros} each, {@code unsent} requests left unsent. */
    private static OpenLoopResult round(int count, long micros, long unsent) {
        Histogram latencies = new Histogram(3);
        Histogram lag = new Histogram(3);
        Histogram fromSend = new Histogram(3);
        latencies.recordValueWithCount(micros, count);
        lag.recordValueWithCount(micros / 10, count);
        fromSend.recordValueWithCount(micros / 2, count);
        return new OpenLoopResult(new RoundResult(latencies, 1.0, 1, 2), 100, count, unsent, 3, lag, fromSend);
    }

    @Test
    void mergedRoundsCountEveryRequestAndTakePercentilesOverAll() {
        OpenLoopResult first = round(98, 100, 0);
        OpenLoopResult merged = OpenLoopResult.merge(List.of(first, round(2, 5_000, 4), round(100, 200, 0)));

        assertEquals(200, merged.round().latencies().getTotalCount());
        assertEquals(200, merged.round().latencies().getValueAtPercentile(50), 1);
        assertEquals(5_000, merged.round().latencies().getValueAtPercentile(99.5), 5);
        assertEquals(3.0, merged.round().seconds());
        assertEquals(3, merged.round().errors());
        assertEquals(6, merged.round().misses());
        assertEquals(200, merged.sent());
        assertEquals(4, merged.unsent());
        assertEquals(9, merged.waitedForSlot());
        assertEquals(100, merged.targetPerSecond());
        assertEquals(200, merged.sendLag().getTotalCount());
        assertEquals(200, merged.fromSend().getTotalCount());
        assertEquals(98, first.round().latencies().getTotalCount(), "the rounds themselves are left as they were");
    }
}
