package io.ringcache.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.ringcache.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's answer to a manager's HEARTBEAT: who it is, which topology epoch it holds, its load, and how far it is in
 * moving data. Big-endian:
 *
 * <pre>
 * u8 idLength | id | i64 epoch | i64 items | i64 usedMemory | i64 maxMemory | i64 operations | i64 syncedEpoch
 *   | u16 transferCount | transferCount x (u8 targetLength | target | i64 keysDone | i64 bytesDone | i64 keysLeft
 *   | i64 bytesLeft)
 * </pre>
 *
 * {@code operations} counts every key operation since the node started (the manager derives ops/s from it).
 * {@code syncedEpoch} is the newest epoch whose moves this node has finished: every key it had to stream to a new
 * holder under that topology has been acknowledged. {@code transfers} lists the streams still running, one per target
 * node.
 */
public record NodeReport(String nodeId, long epoch, long items, long usedMemory, long maxMemory, long operations,
        long syncedEpoch, List<Transfer> transfers) {
    private static final int FIXED = 6 * 8 + 2;
    private static final int TRANSFER_FIXED = 4 * 8;

    /** One running stream of keys to a target node, with what is done and what is left of it. */
    public record Transfer(String target, long keysDone, long bytesDone, long keysLeft, long bytesLeft) {
    }

    public NodeReport {
        transfers = List.copyOf(transfers);
    }

    public void write(ByteBuf out) {
        TopologyCodec.writeString(out, nodeId);
        out.writeLong(epoch);
        out.writeLong(items);
        out.writeLong(usedMemory);
        out.writeLong(maxMemory);
        out.writeLong(operations);
        out.writeLong(syncedEpoch);
        out.writeShort(transfers.size());
        for (Transfer transfer : transfers) {
            TopologyCodec.writeString(out, transfer.target());
            out.writeLong(transfer.keysDone());
            out.writeLong(transfer.bytesDone());
            out.writeLong(transfer.keysLeft());
            out.writeLong(transfer.bytesLeft());
        }
    }

    public static NodeReport read(ByteBuf in) {
        String id = TopologyCodec.readString(in);
        if (in.readableBytes() < FIXED) {
            throw new ProtocolException("node report ends early: " + in.readableBytes() + " of " + FIXED + " bytes");
        }
        long epoch = in.readLong();
        long items = in.readLong();
        long usedMemory = in.readLong();
        long maxMemory = in.readLong();
        long operations = in.readLong();
        long syncedEpoch = in.readLong();
        int count = in.readUnsignedShort();
        List<Transfer> transfers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String target = TopologyCodec.readString(in);
            if (in.readableBytes() < TRANSFER_FIXED) {
                throw new ProtocolException("node report's transfer " + i + " ends early");
            }
            transfers.add(new Transfer(target, in.readLong(), in.readLong(), in.readLong(), in.readLong()));
        }
        return new NodeReport(id, epoch, items, usedMemory, maxMemory, operations, syncedEpoch, transfers);
    }
}
