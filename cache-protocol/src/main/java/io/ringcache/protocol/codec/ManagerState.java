package io.ringcache.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.ringcache.protocol.ProtocolException;

/**
 * What managers tell each other in MANAGER_PING, both ways: {@code u8 idLength | id | i64 epoch | u8 active}, where
 * {@code epoch} is the newest topology epoch the manager holds.
 */
public record ManagerState(String managerId, long epoch, boolean active) {

    public void write(ByteBuf out) {
        TopologyCodec.writeString(out, managerId);
        out.writeLong(epoch);
        out.writeByte(active ? 1 : 0);
    }

    public static ManagerState read(ByteBuf in) {
        String id = TopologyCodec.readString(in);
        if (in.readableBytes() < 9) {
            throw new ProtocolException("manager state ends early: " + in.readableBytes() + " of 9 bytes");
        }
        return new ManagerState(id, in.readLong(), in.readByte() != 0);
    }
}
