package io.ringcache.benchmarks.compare;

import org.HdrHistogram.Histogram;

/**
 * One timed round of one workload on one server: every latency recorded (microseconds, so rounds can be merged),
 * how long it ran, and the requests that failed or missed.
 *
 * @param misses keys read and not found (for a batched read, each missing key of the batch)
 */
public record RoundResult(Histogram latencies, double seconds, long errors, long misses) {

    public long operations() {
        return latencies.getTotalCount();
    }

    public double opsPerSecond() {
        return operations() / seconds;
    }
}
