package io.ringcache.benchmarks.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ringcache.benchmarks.BenchmarkDefaults;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.codec.RequestDecoder;
import io.ringcache.protocol.codec.RequestEncoder;
import java.util.Arrays;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What does it cost to write a GET or a SET request frame (as the client does) and to validate and read one (as
 * the node does, with the {@link RequestDecoder} flyweight), and does either allocate? 100-byte keys and, for SET, a
 * 1 KiB value. Frames are written into and read from direct buffers of Netty's default allocator, as the network
 * layer hands them over; each buffer is taken once and reused, so only the codec is measured.
 *
 * <p>Run it with the allocation profiler ({@code gc.alloc.rate.norm} must be about 0 B/op for every method):
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar RequestCodecBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
public class RequestCodecBenchmark extends BenchmarkDefaults {

    private static final int KEY_LENGTH = 100;
    private static final int VALUE_LENGTH = 1024;
    private static final long EPOCH = 7;
    private static final long TTL_MS = 60_000;

    private final byte[] key = new byte[KEY_LENGTH];
    private final byte[] value = new byte[VALUE_LENGTH];
    private final RequestDecoder decoder = new RequestDecoder();
    private ByteBuf out;
    private ByteBuf getFrame;
    private ByteBuf setFrame;
    private int requestId;

    @Setup(Level.Trial)
    public void encodeFrames() {
        Arrays.fill(key, (byte) 'k');
        Arrays.fill(value, (byte) 'v');
        out = ByteBufAllocator.DEFAULT.ioBuffer(2 * VALUE_LENGTH);
        getFrame = ByteBufAllocator.DEFAULT.ioBuffer(2 * KEY_LENGTH);
        RequestEncoder.get(getFrame, 1, EPOCH, key);
        setFrame = ByteBufAllocator.DEFAULT.ioBuffer(2 * VALUE_LENGTH);
        RequestEncoder.set(setFrame, 2, EPOCH, key, value, 0, TTL_MS, 0);
        if (decoder.wrap(getFrame, 0) != Status.OK || decoder.wrap(setFrame, 0) != Status.OK) {
            throw new IllegalStateException("encoded frame does not validate: " + decoder.errorMessage());
        }
    }

    @TearDown(Level.Trial)
    public void release() {
        out.release();
        getFrame.release();
        setFrame.release();
    }

    @Benchmark
    public int encodeGet() {
        out.clear();
        RequestEncoder.get(out, ++requestId, EPOCH, key);
        return out.writerIndex();
    }

    @Benchmark
    public int encodeSet() {
        out.clear();
        RequestEncoder.set(out, ++requestId, EPOCH, key, value, 0, TTL_MS, 0);
        return out.writerIndex();
    }

    @Benchmark
    public int decodeGet() {
        return decoder.wrap(getFrame, 0) + decoder.requestId() + decoder.keyOffset() + decoder.keyLength();
    }

    @Benchmark
    public long decodeSet() {
        return decoder.wrap(setFrame, 0) + decoder.requestId() + decoder.keyOffset() + decoder.keyLength()
                + decoder.valueOffset() + decoder.valueLength() + decoder.flags() + decoder.ttlMs()
                + decoder.casVersion();
    }
}
