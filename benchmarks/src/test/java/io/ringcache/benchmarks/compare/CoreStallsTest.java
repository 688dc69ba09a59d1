package io.ringcache.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stall meter's accounting, fed known gaps, and one short real spin. */
class CoreStallsTest {

    /** 100 ms measured with a 0.5 ms and a 3 ms stall: a request arriving during the 3 ms one waits over 1 ms for 2. */
    @Test
    void waitShare_countsOnlyWhatEachStallHoldsBeyondTheLimit() {
        CoreStalls stalls = new CoreStalls(Duration.ofNanos(10_000));
        stalls.gap(500_000);
        stalls.gap(3_000_000);
        stalls.gap(5_000);
        stalls.measured(100_000_000);

        assertEquals(0.02, stalls.waitShareOver(Duration.ofMillis(1)), 0.0001);
        assertEquals(0.4 / 100 + 2.9 / 100, stalls.waitShareOver(Duration.ofNanos(100_000)), 0.0001);
        Map<String, Object> summary = stalls.summary();
        assertEquals(2L, summary.get("stalls"));
        assertEquals(1L, summary.get("stalls_over_1ms"));
        assertEquals(0.035, (double) summary.get("stalled_share"), 0.0001);
        assertEquals(3_000L, (long) summary.get("longest_us"), 3);
    }

    @Test
    void noStalls_noShare() {
        CoreStalls stalls = new CoreStalls(Duration.ofMillis(1));
        stalls.gap(999_999);
        stalls.measured(1_000_000_000);

        assertEquals(0.0, stalls.waitShareOver(Duration.ofNanos(1)));
        assertEquals(0L, stalls.summary().get("stalls"));
    }

    @Test
    void spin_measuresAboutTheTimeAsked() {
        Map<String, Object> summary = new CoreStalls(Duration.ofNanos(10_000)).spin(Duration.ofMillis(200)).summary();

        double seconds = (double) summary.get("seconds");
        assertTrue(seconds >= 0.2 && seconds < 0.5, "measured " + seconds + " s");
        assertTrue((double) summary.get("stalled_share") < 1.0);
    }
}
