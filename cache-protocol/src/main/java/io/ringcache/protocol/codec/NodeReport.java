package io.ringcache.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.ringcache.protocol.ProtocolException;

/**
 * A node's answer to a manager's HEARTBEAT: who it is, which topology epoch it holds, and its load. Big-endian:
 * {@code u8 idLength | id | i64 epoch | i64 items | i64 usedMemory | i64 maxMemory | i64 operations}, where
 * {@code operations} counts every key operation since the node started (the manager derives ops/s from it).
 */
public record NodeReport(String nodeId, long epoch, long items, long usedMemory, long maxMemory, long operations) {
    private static final int FIXED = 5 * 8;

    public void write(ByteBuf out) {
        TopologyCodec.writeString(out, nodeId);
        out.writeLong(epoch);
        out.writeLong(items);
        out.writeLong(usedMemory);
        out.writeLong(maxMemory);
        out.writeLong(operations);
    }

    public static NodeReport read(ByteBuf in) {
        String id = TopologyCodec.readString(in);
        if (in.readableBytes() < FIXED) {
            throw new ProtocolException("node report ends early: " + in.readableBytes() + " of " + FIXED + " bytes");
        }
        return new NodeReport(id, in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
    }
}
