package io.ringcache.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings every Ringcache micro-benchmark shares, so results stay comparable across benchmarks and runs: JMH
 * inherits these annotations, and a benchmark class overrides one only with a reason.
 *
 * <p>Average time in nanoseconds, two forks (to catch a bad JIT outcome in one), a fixed 1 GiB heap with G1 so the
 * garbage collector's choices do not vary between machines, and {@code -XX:+AlwaysPreTouch} so the first
 * measurement does not pay for heap page faults. Off-heap memory is whatever the benchmark's store reserves.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class BenchmarkDefaults {
}
