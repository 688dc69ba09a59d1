package io.ringcache.benchmarks.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ringcache.benchmarks.BenchmarkDefaults;
import io.ringcache.protocol.Opcode;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.codec.FrameHeader;
import io.ringcache.protocol.codec.ResponseDecoder;
import io.ringcache.protocol.codec.ResponseEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What does a GET OK answer carrying a 1 KiB value cost to write (as the node does: header, value fields, then the
 * value copied from off-heap memory) and to read (as the client does, with the {@link ResponseDecoder} flyweight),
 * and what does each allocate? All buffers are direct, from Netty's default allocator, taken once and reused.
 *
 * <p>{@code encodeGetOk} and {@code decodeGetOk} must be about 0 B/op. {@code decodeGetOkAndCopy} adds the client's
 * {@link ResponseDecoder#copyValue()}, which hands the caller its own {@code byte[]}: 1,024 bytes plus the array's
 * 16-byte header, 1,040 B/op, by design.
 *
 * <p>Run it with the allocation profiler:
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ResponseCodecBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
public class ResponseCodecBenchmark extends BenchmarkDefaults {

    private static final int VALUE_LENGTH = 1024;
    private static final long EPOCH = 7;
    private static final long VERSION = 123_456_789;

    private final ResponseDecoder decoder = new ResponseDecoder();
    private ByteBuf value;
    private ByteBuf out;
    private ByteBuf getOkFrame;
    private int requestId;

    @Setup(Level.Trial)
    public void encodeFrame() {
        value = ByteBufAllocator.DEFAULT.ioBuffer(VALUE_LENGTH);
        value.writerIndex(VALUE_LENGTH);
        out = ByteBufAllocator.DEFAULT.ioBuffer(2 * VALUE_LENGTH);
        getOkFrame = ByteBufAllocator.DEFAULT.ioBuffer(2 * VALUE_LENGTH);
        writeGetOk(getOkFrame, 1);
    }

    @TearDown(Level.Trial)
    public void release() {
        value.release();
        out.release();
        getOkFrame.release();
    }

    @Benchmark
    public int encodeGetOk() {
        out.clear();
        writeGetOk(out, ++requestId);
        return out.writerIndex();
    }

    @Benchmark
    public long decodeGetOk() {
        readGetOk();
        return decoder.version() + decoder.valueLength() + decoder.flags();
    }

    @Benchmark
    public byte[] decodeGetOkAndCopy() {
        readGetOk();
        return decoder.copyValue();
    }

    private void writeGetOk(ByteBuf into, int id) {
        int frame = ResponseEncoder.begin(into, Opcode.GET, Status.OK, id, EPOCH);
        ResponseEncoder.valueHeader(into, 0, ResponseEncoder.NO_TTL, VERSION, VALUE_LENGTH);
        into.writeBytes(value, 0, VALUE_LENGTH);
        FrameHeader.finish(into, frame);
    }

    private void readGetOk() {
        decoder.wrap(getOkFrame, 0);
        if (decoder.status() != Status.OK) {
            throw new IllegalStateException("not a GET OK frame");
        }
        decoder.readValueItem();
        decoder.expectEnd();
    }
}
