package io.ringcache.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wake-up meter's counts, fed known lateness, and one short real run. */
class WakeupLatenessTest {

    @Test
    void countsTheWakeupsLaterThanOneMillisecond() {
        WakeupLateness meter = new WakeupLateness();
        for (int i = 0; i < 98; i++) {
            meter.wokeLate(50_000);
        }
        meter.wokeLate(1_500_000);
        meter.wokeLate(4_000_000);

        Map<String, Object> summary = meter.summary();
        assertEquals(100L, summary.get("wakeups"));
        assertEquals(2L, summary.get("late_over_1ms"));
        assertEquals(0.02, (double) summary.get("late_over_1ms_share"), 1e-9);
        assertEquals(50L, (long) summary.get("late_p50_us"), 1);
        assertEquals(4_000L, (long) summary.get("latest_us"), 4);
    }

    @Test
    void nap_wakesUpManyTimesInItsDuration() {
        Map<String, Object> summary = new WakeupLateness().nap(Duration.ofMillis(200), Duration.ofNanos(200_000))
                .summary();

        long wakeups = (long) summary.get("wakeups");
        assertTrue(wakeups > 20 && wakeups <= 1_000, wakeups + " wake-ups in 200 ms of 200 µs naps");
    }
}
