package io.ringcache.benchmarks.compare;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * How late a thread on an idle core wakes up: the other half of {@link CoreStalls}. A server below its peak goes idle
 * between requests, and on a VM its idle vCPU halts; each request then has to wait for the core to be woken and run
 * again, which a thread that spins never sees. One thread parks for {@code nap} again and again for a fixed time;
 * each wake-up's lateness (the time parked beyond {@code nap}) goes into a histogram. Run pinned
 * ({@code taskset -c N}), on an otherwise idle machine, by the {@code stalls} subcommand of {@link Compare}.
 */
final class WakeupLateness {
    private final Histogram lateness = new Histogram(3_600_000_000_000L, 3);

    /** Parks for {@code nap} until {@code duration} has passed, recording each wake-up. */
    WakeupLateness nap(Duration duration, Duration nap) {
        long napNanos = nap.toNanos();
        long end = System.nanoTime() + duration.toNanos();
        for (long now = System.nanoTime(); now < end; ) {
            LockSupport.parkNanos(napNanos);
            long woke = System.nanoTime();
            wokeLate(Math.max(0, woke - now - napNanos));
            now = woke;
        }
        return this;
    }

    /** One wake-up, {@code nanos} after it was due. */
    void wokeLate(long nanos) {
        lateness.recordValue(nanos);
    }

    /** The figures, under the names of the subcommand's JSON line. */
    Map<String, Object> summary() {
        long wakeups = lateness.getTotalCount();
        long lateOverOneMs = wakeups - lateness.getCountBetweenValues(0, 1_000_000);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("wakeups", wakeups);
        result.put("late_over_1ms", lateOverOneMs);
        result.put("late_over_1ms_share", wakeups == 0 ? 0.0 : (double) lateOverOneMs / wakeups);
        result.put("late_p50_us", lateness.getValueAtPercentile(50) / 1_000);
        result.put("late_p99_us", lateness.getValueAtPercentile(99) / 1_000);
        result.put("late_p999_us", lateness.getValueAtPercentile(99.9) / 1_000);
        result.put("latest_us", lateness.getMaxValue() / 1_000);
        return result;
    }
}
