package io.ringcache.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Memcached client's wire format, and its matching of answers to pipelined requests, on an embedded channel. */
class MemcachedResponseDecoderTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
    private EmbeddedChannel channel;

    @BeforeEach
    void open() {
        MemcachedResponseDecoder decoder = new MemcachedResponseDecoder();
        channel = new EmbeddedChannel(decoder, decoder.writer());
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void getSendsTheKeysAndCountsTheValuesFound() throws Exception {
        MemcachedRequest.Get get = send(MemcachedRequest.get(ALLOC, List.of(bytes("a"), bytes("bb"), bytes("c"))));
        assertEquals("get a bb c\r\n", sent());
        answer("VALUE a 0 3\r\nxyz\r\nVALUE c 0 2\r\nhi\r\nEND\r\n");
        assertEquals(List.of("xyz", "hi"), texts(get.future.get(5, TimeUnit.SECONDS)));
    }

    @Test
    void aValueSplitAcrossReadsIsTakenWhenWhole() throws Exception {
        MemcachedRequest.Get get = send(MemcachedRequest.get(ALLOC, List.of(bytes("k"))));
        sent();
        answer("VALUE k 0 10\r\n01234");
        answer("56789\r");
        assertFalse(get.future.isDone());
        answer("\nEN");
        assertFalse(get.future.isDone());
        answer("D\r\n");
        assertEquals(1, get.future.get(5, TimeUnit.SECONDS).size());
    }

    @Test
    void aValueMayHoldTheBytesOfAnAnswerLine() throws Exception {
        MemcachedRequest.Get get = send(MemcachedRequest.get(ALLOC, List.of(bytes("k"))));
        sent();
        answer("VALUE k 5 7\r\nEND\r\n\r\n\r\nEND\r\n");
        assertEquals(List.of("END\r\n\r\n"), texts(get.future.get(5, TimeUnit.SECONDS)));
    }

    @Test
    void setSendsOneCommandPerKeyAndWaitsForEveryStored() throws Exception {
        MemcachedRequest.Store set = send(MemcachedRequest.set(ALLOC, List.of(bytes("a"), bytes("b")), bytes("v1")));
        assertEquals("set a 0 0 2\r\nv1\r\nset b 0 0 2\r\nv1\r\n", sent());
        answer("STORED\r\n");
        assertFalse(set.future.isDone());
        answer("STORED\r\n");
        assertTrue(set.future.isDone());
        set.future.get(5, TimeUnit.SECONDS);
    }

    @Test
    void pipelinedAnswersGoToTheirRequestsInOrder() throws Exception {
        MemcachedRequest.Get miss = send(MemcachedRequest.get(ALLOC, List.of(bytes("x"))));
        MemcachedRequest.Store set = send(MemcachedRequest.set(ALLOC, List.of(bytes("x")), bytes("1")));
        MemcachedRequest.Get hit = send(MemcachedRequest.get(ALLOC, List.of(bytes("x"))));
        answer("END\r\nSTORED\r\nVALUE x 0 1\r\n1\r\nEND\r\n");
        assertEquals(0, miss.future.get(5, TimeUnit.SECONDS).size());
        set.future.get(5, TimeUnit.SECONDS);
        assertEquals(1, hit.future.get(5, TimeUnit.SECONDS).size());
    }

    @Test
    void aRefusedSetFailsItsRequestOnly() throws Exception {
        MemcachedRequest.Store set = send(MemcachedRequest.set(ALLOC, List.of(bytes("a"), bytes("b")), bytes("v")));
        MemcachedRequest.Get get = send(MemcachedRequest.get(ALLOC, List.of(bytes("a"))));
        answer("SERVER_ERROR out of memory storing object\r\nSTORED\r\nEND\r\n");
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> set.future.get(5, TimeUnit.SECONDS));
        assertTrue(failure.getCause().getMessage().contains("SERVER_ERROR out of memory"));
        assertEquals(0, get.future.get(5, TimeUnit.SECONDS).size());
    }

    @Test
    void deleteSaysWhetherTheKeyWasThere() throws Exception {
        MemcachedRequest.Delete hit = send(MemcachedRequest.delete(ALLOC, bytes("a")));
        MemcachedRequest.Delete miss = send(MemcachedRequest.delete(ALLOC, bytes("b")));
        assertEquals("delete a\r\ndelete b\r\n", sent());
        answer("DELETED\r\nNOT_FOUND\r\n");
        assertTrue(hit.future.get(5, TimeUnit.SECONDS));
        assertFalse(miss.future.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aDeleteAnsweredWithAnErrorFails() {
        MemcachedRequest.Delete delete = send(MemcachedRequest.delete(ALLOC, bytes("a")));
        answer("SERVER_ERROR busy\r\n");
        assertFailed(delete.future);
    }

    @Test
    void statsAreReadByName() throws Exception {
        MemcachedRequest.Stats stats = send(MemcachedRequest.stats(ALLOC));
        assertEquals("stats\r\n", sent());
        answer("STAT pid 12\r\nSTAT curr_items 1000\r\nSTAT version 1.6.18\r\nEND\r\n");
        Map<String, String> read = stats.future.get(5, TimeUnit.SECONDS);
        assertEquals("1000", read.get("curr_items"));
        assertEquals("1.6.18", read.get("version"));
    }

    @Test
    void anAnswerThatFitsNoRequestFailsEveryRequestAndClosesTheConnection() {
        MemcachedRequest.Get first = send(MemcachedRequest.get(ALLOC, List.of(bytes("a"))));
        MemcachedRequest.Get second = send(MemcachedRequest.get(ALLOC, List.of(bytes("b"))));
        answer("STORED\r\n");
        assertFailed(first.future);
        assertFailed(second.future);
        assertFalse(channel.isOpen());
    }

    @Test
    void aClosedConnectionFailsTheRequestsInFlight() {
        MemcachedRequest.Get get = send(MemcachedRequest.get(ALLOC, List.of(bytes("a"))));
        channel.close();
        assertFailed(get.future);
    }

    @Test
    void aRequestWrittenToAClosedConnectionFails() {
        channel.close();
        MemcachedRequest.Get get = MemcachedRequest.get(ALLOC, List.of(bytes("a")));
        MemcachedResponseDecoder.send(channel, get);
        assertFailed(get.future);
        assertEquals(0, get.command.refCnt(), "the bytes of a request that was never written are released");
    }

    private <T extends MemcachedRequest> T send(T request) {
        MemcachedResponseDecoder.send(channel, request);
        return request;
    }

    private String sent() {
        StringBuilder all = new StringBuilder();
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            all.append(out.toString(StandardCharsets.US_ASCII));
            out.release();
        }
        return all.toString();
    }

    private void answer(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    private static void assertFailed(CompletableFuture<?> future) {
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> future.get(5, TimeUnit.SECONDS));
        assertInstanceOf(Exception.class, failure.getCause());
    }

    private static List<String> texts(List<byte[]> values) {
        return values.stream().map(v -> new String(v, StandardCharsets.US_ASCII)).toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
