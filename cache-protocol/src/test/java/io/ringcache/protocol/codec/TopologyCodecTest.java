package io.ringcache.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.ringcache.protocol.ProtocolException;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.NodeState;
import io.ringcache.protocol.ring.Topology;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The topology message: exact bytes, a round trip, and refusal of truncated or invalid bodies. */
class TopologyCodecTest {
    private static final Topology ONE_NODE = new Topology(7,
            List.of(new NodeInfo("n1", "h", 7001, "z", 100, NodeState.DOWN)), 3, 160);

    @Test
    void write_producesTheDocumentedBytes() {
        ByteBuf out = Unpooled.buffer();
        TopologyCodec.write(out, ONE_NODE);
        assertEquals("0000000000000007" + "03" + "00a0" + "0001"
                + "02" + "6e31" + "01" + "68" + "1b59" + "01" + "7a" + "0064" + "03", ByteBufUtil.hexDump(out));
        out.release();
    }

    @Test
    void read_ofWrite_givesTheSameTopology() {
        Topology topology = new Topology(42, List.of(
                new NodeInfo("b", "10.0.0.2", 7002, "", 200, NodeState.JOINING),
                new NodeInfo("a", "10.0.0.1", 7001, "rack-1", 100, NodeState.UP),
                new NodeInfo("c", "10.0.0.3", 7003, "rack-2", 50, NodeState.LEAVING)), 2, 64);
        ByteBuf out = Unpooled.buffer();
        TopologyCodec.write(out, topology);
        assertEquals(topology, TopologyCodec.read(out));
        assertEquals(0, out.readableBytes());
        out.release();
    }

    @Test
    void recoveringNode_travelsAsStateFour_andRoundTrips() {
        Topology topology = new Topology(43, List.of(
                new NodeInfo("a", "10.0.0.1", 7001, "", 100, NodeState.UP),
                new NodeInfo("r", "10.0.0.9", 7009, "rack-2", 100, NodeState.RECOVERING)), 3, 160);
        ByteBuf out = Unpooled.buffer();
        TopologyCodec.write(out, topology);
        assertEquals(4, out.getUnsignedByte(out.writerIndex() - 1));
        assertEquals(topology, TopologyCodec.read(out));
        assertEquals(0, out.readableBytes());
        out.release();
    }

    @Test
    void everyStateRoundTripsByItsCode() {
        NodeState[] states = NodeState.values();
        assertEquals(5, states.length);
        for (NodeState state : states) {
            NodeInfo node = new NodeInfo("n", "h", 1, "", 100, state);
            ByteBuf out = Unpooled.buffer();
            TopologyCodec.writeNode(out, node);
            assertEquals(state.ordinal(), out.getUnsignedByte(out.writerIndex() - 1));
            assertEquals(node, TopologyCodec.readNode(out));
            out.release();
        }
    }

    @Test
    void read_ofStateFive_throwsProtocolException() {
        ByteBuf out = Unpooled.buffer();
        TopologyCodec.write(out, ONE_NODE);
        out.setByte(out.writerIndex() - 1, 5);
        ProtocolException e = assertThrows(ProtocolException.class, () -> TopologyCodec.read(out));
        assertEquals("unknown node state 5", e.getMessage());
        out.release();
    }

    @Test
    void read_ofEveryTruncation_throwsProtocolException() {
        ByteBuf out = Unpooled.buffer();
        TopologyCodec.write(out, ONE_NODE);
        for (int length = 0; length < out.readableBytes(); length++) {
            ByteBuf cut = out.slice(0, length);
            assertThrows(ProtocolException.class, () -> TopologyCodec.read(cut), "cut at " + length);
        }
        out.release();
    }

    @Test
    void read_ofAnUnknownStateOrBadPort_throwsProtocolException() {
        ByteBuf out = Unpooled.buffer();
        TopologyCodec.write(out, ONE_NODE);
        ByteBuf badState = out.copy();
        badState.setByte(badState.writerIndex() - 1, 9);
        assertThrows(ProtocolException.class, () -> TopologyCodec.read(badState));
        ByteBuf badPort = out.copy();
        badPort.setShort(13 + 1 + 2 + 1 + 1, 0);
        assertThrows(ProtocolException.class, () -> TopologyCodec.read(badPort));
        out.release();
        badState.release();
        badPort.release();
    }
}
