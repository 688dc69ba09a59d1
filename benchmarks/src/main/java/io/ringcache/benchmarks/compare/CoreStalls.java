package io.ringcache.benchmarks.compare;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * How often the core this runs on is taken away, with no server involved: the latency phase's p99 target needs a core
 * that is there when a request arrives, and on a shared VM nothing in a server can make up for a core that is not.
 * One thread reads {@link System#nanoTime()} in a loop for a fixed time; a gap between two readings longer than
 * {@code threshold} is a stall (the thread was descheduled, or the vCPU was), recorded in a histogram. The figure
 * that bounds a server's p99 is {@link #waitShareOver}: the share of the time during which a request arriving at a
 * random moment would wait longer than a given time for the core to come back. When that share at 1 ms is above 1%,
 * no server pinned to that core can have a p99 under 1 ms. Run pinned ({@code taskset -c N}), on an otherwise idle
 * machine, by the {@code stalls} subcommand of {@link Compare}.
 */
final class CoreStalls {
    private final long thresholdNanos;
    private final Histogram gaps = new Histogram(3_600_000_000_000L, 3);
    private long measuredNanos;

    CoreStalls(Duration threshold) {
        this.thresholdNanos = threshold.toNanos();
    }

    /** Spins for {@code duration}, recording every stall. */
    CoreStalls spin(Duration duration) {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long previous = start;
        long now = start;
        while (now < end) {
            now = System.nanoTime();
            gap(now - previous);
            previous = now;
        }
        measured(now - start);
        return this;
    }

    /** One gap between two readings of the clock. */
    void gap(long nanos) {
        if (nanos > thresholdNanos) {
            gaps.recordValue(nanos);
        }
    }

    /** Adds to the time measured, the stalls in it included. */
    void measured(long nanos) {
        measuredNanos += nanos;
    }

    /**
     * The share of the measured time in which a request arriving then would have waited more than {@code limit} for
     * the core: each stall of length g contributes g - limit when g exceeds the limit (at zero, the share stalled).
     */
    double waitShareOver(Duration limit) {
        long limitNanos = limit.toNanos();
        double waited = 0;
        for (var value : gaps.recordedValues()) {
            long gap = value.getValueIteratedTo();
            if (gap > limitNanos) {
                waited += (double) (gap - limitNanos) * value.getCountAtValueIteratedTo();
            }
        }
        return measuredNanos == 0 ? 0 : waited / measuredNanos;
    }

    /** The figures, under the names of the subcommand's JSON line. */
    Map<String, Object> summary() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("seconds", measuredNanos / 1e9);
        result.put("threshold_us", thresholdNanos / 1_000);
        result.put("stalls", gaps.getTotalCount());
        result.put("stalls_over_1ms", countOver(1_000_000));
        result.put("stalled_share", waitShareOver(Duration.ZERO));
        result.put("wait_over_100us_share", waitShareOver(Duration.ofNanos(100_000)));
        result.put("wait_over_1ms_share", waitShareOver(Duration.ofMillis(1)));
        result.put("stall_p50_us", gaps.getValueAtPercentile(50) / 1_000);
        result.put("stall_p99_us", gaps.getValueAtPercentile(99) / 1_000);
        result.put("longest_us", gaps.getMaxValue() / 1_000);
        return result;
    }

    private long countOver(long nanos) {
        return gaps.getTotalCount() - gaps.getCountBetweenValues(0, nanos);
    }
}
