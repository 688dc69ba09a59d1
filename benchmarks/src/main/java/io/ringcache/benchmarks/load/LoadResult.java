package io.ringcache.benchmarks.load;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a load run measured; latencies in microseconds. */
public record LoadResult(long operations, double seconds, long p50Micros, long p99Micros, long p999Micros,
        long maxMicros, long errors, long misses) {

    public double opsPerSecond() {
        return operations / seconds;
    }

    /** The figures under the names of the JSON summary line. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("ops_per_sec", Math.round(opsPerSecond()));
        map.put("operations", operations);
        map.put("seconds", seconds);
        map.put("p50_us", p50Micros);
        map.put("p99_us", p99Micros);
        map.put("p999_us", p999Micros);
        map.put("max_us", maxMicros);
        map.put("errors", errors);
        map.put("misses", misses);
        return map;
    }
}
