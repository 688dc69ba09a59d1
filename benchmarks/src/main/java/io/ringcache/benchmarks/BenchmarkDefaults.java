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
 * measurement. Each fork runs with exactly the JVM options the launcher gives a node by default ({@code default_opts}
 * in {@code deploy/bin/ringcache}; {@code BenchmarkDefaultsTest} keeps the two equal): G1, a heap of 128 MiB growing
 * to 512 MiB, 1 GiB of direct memory for Netty's buffers, the native heap trimmed every 5 s, and Netty's leak
 * detector off, as on a node. The store's entries live in its own off-heap arena, outside both the heap and the
 * direct-memory limit.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms128m", "-Xmx512m", "-XX:+UseG1GC", "-XX:MaxDirectMemorySize=1g",
    "-XX:TrimNativeHeapInterval=5000", "-XX:+IgnoreUnrecognizedVMOptions", "-Dio.netty.leakDetection.level=disabled"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class BenchmarkDefaults {
}
