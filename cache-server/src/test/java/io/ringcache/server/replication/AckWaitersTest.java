package io.ringcache.server.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.ringcache.protocol.Opcode;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.codec.ResponseDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of reuse, on one event loop (Netty's embedded channel stands in for a client's connection): a waiter
 * that has answered serves no other write while a link still owes it word of a replica, since that word would then
 * count for the other write; once every link has spoken it is handed out again.
 */
class AckWaitersTest {
    private final EmbeddedChannel client = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    private final ChannelHandlerContext ctx = client.pipeline().firstContext();
    private final AckWaiters waiters = new AckWaiters(
            new Replication("n1", NioSocketChannel.class, 60_000, 1 << 16), client.eventLoop());

    @AfterEach
    void close() {
        waiters.close();
        client.finishAndReleaseAll();
    }

    /** A single-key SET at QUORUM of three copies: the coordinator's, and two forwarded, each registered. */
    private AckWaiter quorumOfThree(int requestId) {
        AckWaiter waiter = waiters.take(ctx, Opcode.SET, requestId, 1, 1);
        waiter.expect(0, Status.OK, 100 + requestId, true, 2, 2);
        waiter.registered();
        waiter.registered();
        waiter.arm();
        return waiter;
    }

    private ResponseDecoder answer() {
        ByteBuf frame = client.readOutbound();
        return frame == null ? null : new ResponseDecoder().wrap(frame, frame.readerIndex());
    }

    @Test
    void anAnsweredWaiterServesNoOtherWriteUntilEveryLinkHasSpoken() {
        AckWaiter first = quorumOfThree(1);
        assertNull(answer(), "one copy of the two needed");
        first.acked(0);
        ResponseDecoder ok = answer();
        assertEquals(1, ok.requestId());
        assertEquals(Status.OK, ok.status());

        AckWaiter second = quorumOfThree(2);
        assertNotSame(first, second, "the first still waits to hear from its second replica");
        first.acked(0);
        assertNull(answer(), "the late word counts for the first write, which has answered");

        second.failed(0);
        assertNull(answer(), "two reachable copies are still enough");
        second.acked(0);
        assertEquals(2, answer().requestId());
        assertSame(second, waiters.take(ctx, Opcode.SET, 3, 1, 1), "the last one back is the first out");
        assertSame(first, waiters.take(ctx, Opcode.SET, 4, 1, 1), "both came back once every link had spoken");
    }

    @Test
    void aWaiterGrownForALargeBatchIsNotKept() {
        AckWaiter large = waiters.take(ctx, Opcode.MSET, 1, 1, AckWaiters.MAX_KEPT_ITEMS + 1);
        for (int i = 0; i <= AckWaiters.MAX_KEPT_ITEMS; i++) {
            large.expect(i, Status.OK, 1, false, 1, 0);
        }
        large.arm();
        assertEquals(Status.OK, answer().status());
        assertNotSame(large, waiters.take(ctx, Opcode.SET, 2, 1, 1));
    }
}
