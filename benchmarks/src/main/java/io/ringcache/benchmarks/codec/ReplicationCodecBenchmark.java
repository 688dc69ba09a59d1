package io.ringcache.benchmarks.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.ringcache.benchmarks.BenchmarkDefaults;
import io.ringcache.protocol.codec.FrameHeader;
import io.ringcache.protocol.codec.ReplicationCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What does replication's wire format cost a node per forwarded write and per REPLICATE frame, and what does it
 * allocate? SET records with 100-byte keys and 1 KiB values, the way the node handles them:
 * <ul>
 * <li>{@code encodeRecord}: one record built in a reused heap buffer, key and value copied from the client's request
 * frame (a direct buffer), as the forwarder does once per write;
 * <li>{@code encodeFrame}: a whole REPLICATE frame of 16 records ({@link ReplicationCodec#begin} with the sender id
 * encoded once, each record's bytes appended, {@link ReplicationCodec#finish}), as a replica link fills one per
 * event-loop round;
 * <li>{@code decodeFrame}: the receiver's {@link ReplicationCodec#wrap} (which validates the whole body) and
 * {@link ReplicationCodec#next} over its 16 records.
 * </ul>
 * Frame buffers are direct, from Netty's default allocator, taken once and reused.
 *
 * <p>Every method must be about 0 B/op. {@code encodeFrame} allocated 32 B per frame while {@code begin} took the
 * sender id as a {@code String} and encoded it into a new {@code byte[]} each time; a sender now encodes its id once
 * ({@link ReplicationCodec#senderId}).
 *
 * <p>Run it with the allocation profiler:
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ReplicationCodecBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
public class ReplicationCodecBenchmark extends BenchmarkDefaults {

    private static final int KEY_LENGTH = 100;
    private static final int VALUE_LENGTH = 1024;
    private static final int RECORDS = 16;
    private static final long EPOCH = 7;
    private static final long VERSION = 123_456_789;
    /** A node id as the launcher makes them, {@code host:port}. */
    private static final byte[] SENDER = ReplicationCodec.senderId("10.1.0.17:7001");

    private final ReplicationCodec reader = new ReplicationCodec();
    private final int recordLength = ReplicationCodec.recordLength(KEY_LENGTH, VALUE_LENGTH);
    private ByteBuf request;
    private ByteBuf record;
    private ByteBuf out;
    private ByteBuf frame;
    private int seq;

    @Setup(Level.Trial)
    public void encodeInputs() {
        request = ByteBufAllocator.DEFAULT.ioBuffer(KEY_LENGTH + VALUE_LENGTH);
        request.writerIndex(KEY_LENGTH + VALUE_LENGTH);
        record = Unpooled.buffer(recordLength);
        writeRecord(VERSION);
        out = ByteBufAllocator.DEFAULT.ioBuffer(RECORDS * (recordLength + 1));
        frame = ByteBufAllocator.DEFAULT.ioBuffer(RECORDS * (recordLength + 1));
        writeFrame(frame, 1);
    }

    @TearDown(Level.Trial)
    public void release() {
        request.release();
        record.release();
        out.release();
        frame.release();
    }

    @Benchmark
    public int encodeRecord() {
        writeRecord(VERSION + ++seq);
        return record.writerIndex();
    }

    @Benchmark
    public int encodeFrame() {
        out.clear();
        writeFrame(out, ++seq);
        return out.writerIndex();
    }

    @Benchmark
    public long decodeFrame() {
        String malformed = reader.wrap(frame, FrameHeader.HEADER_LENGTH, FrameHeader.bodyLength(frame, 0));
        if (malformed != null) {
            throw new IllegalStateException(malformed);
        }
        long sum = 0;
        while (reader.next()) {
            sum += reader.version() + reader.keyOffset() + reader.keyLength() + reader.valueOffset()
                    + reader.valueLength();
        }
        return sum;
    }

    private void writeRecord(long version) {
        record.clear();
        ReplicationCodec.recordHeader(record, ReplicationCodec.SET, version, 0, 0, KEY_LENGTH, VALUE_LENGTH);
        record.writeBytes(request, 0, KEY_LENGTH);
        record.writeBytes(request, KEY_LENGTH, VALUE_LENGTH);
    }

    private void writeFrame(ByteBuf into, int requestId) {
        int at = ReplicationCodec.begin(into, requestId, EPOCH, SENDER);
        for (int i = 0; i < RECORDS; i++) {
            into.writeBytes(record, 0, recordLength);
        }
        ReplicationCodec.finish(into, at, RECORDS);
    }
}
