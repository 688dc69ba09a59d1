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
 * inherits these annotations, and a benchmark class overrides one only with a reason. Options given on the command
 * line ({@code -f}, {@code -wi}, {@code -i}, {@code -w}, {@code -r}) still win over them.
 *
 * <p>Average time in nanoseconds, two forks (to catch a bad JIT outcome in one), 5 × 1 s of warm-up and of
 * measurement. Each fork runs with the node's own JVM flags ({@code deploy/bin/ringcache}): G1, a 512 MiB heap (fixed
 * here, {@code -Xms} equal to {@code -Xmx}, so heap resizing does not vary between runs) and 1 GiB of direct memory
 * for Netty's buffers. {@code -XX:+AlwaysPreTouch} keeps heap page faults out of the first measurement. Netty's
 * leak detector is disabled because by default it wraps one buffer in 128 in a tracking wrapper, so whether a
 * benchmark's one long-lived buffer is tracked would be chance; the store's entries live in its own off-heap arena,
 * outside both the heap and the direct-memory limit.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseG1GC", "-XX:MaxDirectMemorySize=1g",
    "-XX:+AlwaysPreTouch", "-Dio.netty.leakDetection.level=disabled"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class BenchmarkDefaults {
}
