package io.ringcache.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.ringcache.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HEARTBEAT answer: field offsets as documented, round trips with and without transfers, truncations. */
class NodeReportTest {
    private static final NodeReport.Transfer TO_N2 = new NodeReport.Transfer("n2", 1_000, 64_000, 250, 16_000);
    private static final NodeReport.Transfer TO_N30 = new NodeReport.Transfer("n30", 0, 0, 1L << 40, 1L << 50);
    private static final NodeReport MOVING = new NodeReport("n1", 12, 5_000, 1L << 30, 1L << 32, 987_654_321L, 11,
            List.of(TO_N2, TO_N30));

    @Test
    void write_putsEveryFieldAtItsDocumentedOffset() {
        ByteBuf out = Unpooled.buffer();
        MOVING.write(out);
        int l = 2;
        assertEquals(l, out.getUnsignedByte(0));
        assertEquals(12, out.getLong(1 + l));
        assertEquals(5_000, out.getLong(9 + l));
        assertEquals(1L << 30, out.getLong(17 + l));
        assertEquals(1L << 32, out.getLong(25 + l));
        assertEquals(987_654_321L, out.getLong(33 + l));
        assertEquals(11, out.getLong(41 + l));
        assertEquals(2, out.getUnsignedShort(49 + l));
        int transfer = 51 + l;
        assertEquals(2, out.getUnsignedByte(transfer));
        assertEquals(1_000, out.getLong(transfer + 3));
        assertEquals(64_000, out.getLong(transfer + 11));
        assertEquals(250, out.getLong(transfer + 19));
        assertEquals(16_000, out.getLong(transfer + 27));
        int second = transfer + 35;
        assertEquals(3, out.getUnsignedByte(second));
        assertEquals(1L << 50, out.getLong(second + 4 + 24));
        assertEquals(second + 4 + 32, out.readableBytes());
        out.release();
    }

    @Test
    void read_ofWrite_givesTheSameReport_withTransfers() {
        ByteBuf out = Unpooled.buffer();
        MOVING.write(out);
        assertEquals(MOVING, NodeReport.read(out));
        assertEquals(0, out.readableBytes());
        out.release();
    }

    @Test
    void read_ofWrite_givesTheSameReport_withoutTransfers() {
        NodeReport settled = new NodeReport("node-with-a-longer-id", 40, 0, 0, 1L << 32, 0, 40, List.of());
        ByteBuf out = Unpooled.buffer();
        settled.write(out);
        assertEquals(1 + 21 + 6 * 8 + 2, out.readableBytes());
        assertEquals(settled, NodeReport.read(out));
        assertEquals(0, out.readableBytes());
        out.release();
    }

    @Test
    void transfersAreCopiedAndCannotBeChangedAfterwards() {
        List<NodeReport.Transfer> transfers = new ArrayList<>(List.of(TO_N2));
        NodeReport report = new NodeReport("n1", 1, 0, 0, 0, 0, 0, transfers);
        transfers.add(TO_N30);
        assertEquals(List.of(TO_N2), report.transfers());
        assertThrows(UnsupportedOperationException.class, () -> report.transfers().add(TO_N30));
    }

    @Test
    void read_ofEveryTruncation_throwsProtocolException() {
        ByteBuf out = Unpooled.buffer();
        MOVING.write(out);
        for (int length = 0; length < out.readableBytes(); length++) {
            ByteBuf cut = out.slice(0, length);
            assertThrows(ProtocolException.class, () -> NodeReport.read(cut), "cut at " + length);
        }
        out.release();
    }
}
