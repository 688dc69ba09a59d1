package io.ringcache.benchmarks.load;

import java.time.Duration;

/**
 * What a load run does: for how long, with how many requests in flight, over which keys, values, read/write mix and
 * key distribution.
 *
 * @param sessions closed-loop sessions, each keeping one request in flight
 * @param readRatio share of operations that are GETs (the rest are SETs), 0..1
 * @param distribution {@code uniform} or {@code zipf:<exponent>}
 */
public record LoadOptions(Duration duration, int sessions, KeySpace keys, int valueSize, double readRatio,
        String distribution) {

    public LoadOptions {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, was " + duration);
        }
        if (sessions < 1) {
            throw new IllegalArgumentException("connections must be at least 1, was " + sessions);
        }
        if (valueSize < 0 || valueSize > 1024 * 1024) {
            throw new IllegalArgumentException("value size must be 0..1048576, was " + valueSize);
        }
        if (readRatio < 0 || readRatio > 1) {
            throw new IllegalArgumentException("read ratio must be 0..1, was " + readRatio);
        }
    }
}
