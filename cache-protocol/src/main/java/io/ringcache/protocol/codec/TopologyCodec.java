package io.ringcache.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.ringcache.protocol.ProtocolException;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.NodeState;
import io.ringcache.protocol.ring.Topology;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a {@link Topology} as a frame body, and a single {@link NodeInfo} as a node registration. Big-endian:
 * <pre>
 * topology   i64 epoch | u8 replicationFactor | u16 vnodesPerNode | u16 nodeCount | nodeCount x node
 * node       u8 idLength | id | u8 hostLength | host | u16 port | u8 zoneLength | zone | u16 weight | u8 state
 * </pre>
 * Strings are UTF-8, at most 255 bytes; {@code state} is the {@link NodeState} ordinal (JOINING 0, UP 1,
 * LEAVING 2, DOWN 3, RECOVERING 4).
 * Topology messages are rare (one per membership change), so decoding allocates freely.
 */
public final class TopologyCodec {
    private static final NodeState[] STATES = NodeState.values();

    private TopologyCodec() {
    }

    public static void write(ByteBuf out, Topology topology) {
        out.writeLong(topology.epoch());
        out.writeByte(topology.replicationFactor());
        out.writeShort(topology.vnodesPerNode());
        out.writeShort(topology.nodes().size());
        for (NodeInfo node : topology.nodes()) {
            writeNode(out, node);
        }
    }

    public static void writeNode(ByteBuf out, NodeInfo node) {
        writeString(out, node.id());
        writeString(out, node.host());
        out.writeShort(node.port());
        writeString(out, node.zone());
        out.writeShort(node.weight());
        out.writeByte(node.state().ordinal());
    }

    /** Reads a topology from {@code in}'s reader index, advancing it. */
    public static Topology read(ByteBuf in) {
        need(in, 13);
        long epoch = in.readLong();
        int replicationFactor = in.readUnsignedByte();
        int vnodes = in.readUnsignedShort();
        int count = in.readUnsignedShort();
        List<NodeInfo> nodes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            nodes.add(readNode(in));
        }
        try {
            return new Topology(epoch, nodes, replicationFactor, vnodes);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("invalid topology: " + e.getMessage());
        }
    }

    /** Reads one node from {@code in}'s reader index, advancing it. */
    public static NodeInfo readNode(ByteBuf in) {
        String id = readString(in);
        String host = readString(in);
        need(in, 2);
        int port = in.readUnsignedShort();
        String zone = readString(in);
        need(in, 3);
        int weight = in.readUnsignedShort();
        int state = in.readUnsignedByte();
        if (state >= STATES.length) {
            throw new ProtocolException("unknown node state " + state);
        }
        try {
            return new NodeInfo(id, host, port, zone, weight, STATES[state]);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("invalid node " + id + ": " + e.getMessage());
        }
    }

    /** Writes a u8-length-prefixed UTF-8 string. */
    public static void writeString(ByteBuf out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 255) {
            throw new IllegalArgumentException("string must be at most 255 bytes, was " + bytes.length + ": "
                    + text.substring(0, 20) + "...");
        }
        out.writeByte(bytes.length);
        out.writeBytes(bytes);
    }

    /** Reads a u8-length-prefixed UTF-8 string. */
    public static String readString(ByteBuf in) {
        need(in, 1);
        int length = in.readUnsignedByte();
        need(in, length);
        String text = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return text;
    }

    private static void need(ByteBuf in, int bytes) {
        if (in.readableBytes() < bytes) {
            throw new ProtocolException("topology body ends early: needs " + bytes + " more bytes, has "
                    + in.readableBytes());
        }
    }
}
