package io.ringcache.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.ringcache.protocol.Opcode;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.Topology;
import java.nio.charset.StandardCharsets;

/**
 * Writes request frames. Each method appends one whole frame to {@code out} and allocates nothing.
 *
 * <p>Body layouts (big-endian; {@code key} and {@code value} are raw bytes):
 * <pre>
 * GET, DELETE   u16 keyLength | key
 * TOUCH         u16 keyLength | i64 ttlMs | key
 * SET           u16 keyLength | u32 flags | i64 ttlMs | i64 casVersion | u32 valueLength | key | value
 * MGET, MDELETE u16 count | count x (u16 keyLength | key)
 * MSET          u16 count | count x (u16 keyLength | u32 flags | i64 ttlMs | u32 valueLength | key | value)
 * PING, STATS   (empty)
 * TOPOLOGY      (empty)
 * TOPOLOGY_PUSH a topology, as {@link TopologyCodec} writes it
 * HEARTBEAT     u8 heartbeatFlags (bit 0: data transfers are paused); an empty body means 0
 * REGISTER      a node, as {@link TopologyCodec#writeNode} writes it
 * ADMIN         UTF-8 JSON command
 * MANAGER_PING  the sender's {@link ManagerState}
 * REPLICATE     versioned records, as {@link ReplicationCodec} describes
 * </pre>
 * A {@code ttlMs} of 0 means no expiry; a {@code casVersion} of 0 means an unconditional SET.
 */
public final class RequestEncoder {

    private RequestEncoder() {
    }

    public static void get(ByteBuf out, int requestId, long epoch, byte[] key) {
        keyOnly(out, Opcode.GET, requestId, epoch, key);
    }

    public static void delete(ByteBuf out, int requestId, long epoch, byte[] key) {
        keyOnly(out, Opcode.DELETE, requestId, epoch, key);
    }

    public static void touch(ByteBuf out, int requestId, long epoch, byte[] key, long ttlMs) {
        int frame = begin(out, Opcode.TOUCH, requestId, epoch);
        out.writeShort(key.length);
        out.writeLong(ttlMs);
        out.writeBytes(key);
        FrameHeader.finish(out, frame);
    }

    public static void set(ByteBuf out, int requestId, long epoch, byte[] key, byte[] value, int flags, long ttlMs,
            long casVersion) {
        int frame = begin(out, Opcode.SET, requestId, epoch);
        out.writeShort(key.length);
        out.writeInt(flags);
        out.writeLong(ttlMs);
        out.writeLong(casVersion);
        out.writeInt(value.length);
        out.writeBytes(key);
        out.writeBytes(value);
        FrameHeader.finish(out, frame);
    }

    /** An MGET of {@code keys[from, to)}. */
    public static void mget(ByteBuf out, int requestId, long epoch, byte[][] keys, int from, int to) {
        keyList(out, Opcode.MGET, requestId, epoch, keys, from, to);
    }

    /** An MDELETE of {@code keys[from, to)}. */
    public static void mdelete(ByteBuf out, int requestId, long epoch, byte[][] keys, int from, int to) {
        keyList(out, Opcode.MDELETE, requestId, epoch, keys, from, to);
    }

    /** An MSET of {@code keys[from, to)} with the values at the same indexes, all with one flags and TTL. */
    public static void mset(ByteBuf out, int requestId, long epoch, byte[][] keys, byte[][] values, int from, int to,
            int flags, long ttlMs) {
        int frame = begin(out, Opcode.MSET, requestId, epoch);
        out.writeShort(to - from);
        for (int i = from; i < to; i++) {
            out.writeShort(keys[i].length);
            out.writeInt(flags);
            out.writeLong(ttlMs);
            out.writeInt(values[i].length);
            out.writeBytes(keys[i]);
            out.writeBytes(values[i]);
        }
        FrameHeader.finish(out, frame);
    }

    public static void ping(ByteBuf out, int requestId, long epoch) {
        FrameHeader.finish(out, begin(out, Opcode.PING, requestId, epoch));
    }

    public static void stats(ByteBuf out, int requestId, long epoch) {
        FrameHeader.finish(out, begin(out, Opcode.STATS, requestId, epoch));
    }

    public static void topology(ByteBuf out, int requestId, long epoch) {
        FrameHeader.finish(out, begin(out, Opcode.TOPOLOGY, requestId, epoch));
    }

    /** HEARTBEAT flag: nodes hold their data transfers until a heartbeat without it. */
    public static final int HEARTBEAT_TRANSFERS_PAUSED = 0x01;

    public static void heartbeat(ByteBuf out, int requestId, long epoch, int heartbeatFlags) {
        int frame = begin(out, Opcode.HEARTBEAT, requestId, epoch);
        out.writeByte(heartbeatFlags);
        FrameHeader.finish(out, frame);
    }

    /** A node asking a manager to take it in (body layout in {@link TopologyCodec#writeNode}). */
    public static void register(ByteBuf out, int requestId, long epoch, NodeInfo node) {
        int frame = begin(out, Opcode.REGISTER, requestId, epoch);
        TopologyCodec.writeNode(out, node);
        FrameHeader.finish(out, frame);
    }

    /** An operator's command to a manager, as UTF-8 JSON. */
    public static void admin(ByteBuf out, int requestId, String json) {
        int frame = begin(out, Opcode.ADMIN, requestId, 0);
        out.writeCharSequence(json, StandardCharsets.UTF_8);
        FrameHeader.finish(out, frame);
    }

    public static void managerPing(ByteBuf out, int requestId, ManagerState state) {
        int frame = begin(out, Opcode.MANAGER_PING, requestId, state.epoch());
        state.write(out);
        FrameHeader.finish(out, frame);
    }

    /** A manager's push of {@code topology} to a node (body layout in {@link TopologyCodec}). */
    public static void topologyPush(ByteBuf out, int requestId, Topology topology) {
        int frame = begin(out, Opcode.TOPOLOGY_PUSH, requestId, topology.epoch());
        TopologyCodec.write(out, topology);
        FrameHeader.finish(out, frame);
    }

    private static void keyOnly(ByteBuf out, byte opcode, int requestId, long epoch, byte[] key) {
        int frame = begin(out, opcode, requestId, epoch);
        out.writeShort(key.length);
        out.writeBytes(key);
        FrameHeader.finish(out, frame);
    }

    private static void keyList(ByteBuf out, byte opcode, int requestId, long epoch, byte[][] keys, int from,
            int to) {
        int frame = begin(out, opcode, requestId, epoch);
        out.writeShort(to - from);
        for (int i = from; i < to; i++) {
            out.writeShort(keys[i].length);
            out.writeBytes(keys[i]);
        }
        FrameHeader.finish(out, frame);
    }

    private static int begin(ByteBuf out, byte opcode, int requestId, long epoch) {
        return FrameHeader.begin(out, opcode, (byte) 0, Status.OK, requestId, epoch);
    }
}
