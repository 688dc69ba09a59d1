package io.ringcache.benchmarks.compare;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Reads a Memcached connection's answers and matches them to its requests. The text protocol has no request ids:
 * a connection answers in the order it was asked, so the requests written through {@link #writer()} wait in a queue
 * and each answer line goes to the oldest. A {@code VALUE} block is taken only when its data has arrived whole.
 * Both handlers run on the channel's event loop, so the queue needs no lock. A line that fits no request, or a
 * closed connection, fails every request still waiting.
 */
final class MemcachedResponseDecoder extends ByteToMessageDecoder {
    private static final byte[] VALUE = "VALUE ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "END".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STORED = "STORED".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STAT = "STAT ".getBytes(StandardCharsets.US_ASCII);

    private final ArrayDeque<MemcachedRequest> pending = new ArrayDeque<>();

    /**
     * Writes a request on a connection whose pipeline holds this decoder and its {@link #writer()}. A write that
     * fails, also one that never reaches the writer because the connection is already closed, fails the request.
     * The request's own reference to its bytes is released once the write is done, whatever became of it: the
     * writer passes on a reference of its own, and a request that never reached it (Netty releases only
     * reference-counted messages) must not keep its buffer.
     */
    static void send(Channel channel, MemcachedRequest request) {
        channel.writeAndFlush(request).addListener(written -> {
            request.command.release();
            if (!written.isSuccess()) {
                request.fail(new MemcachedException("cannot send: " + written.cause()));
            }
        });
    }

    /** The outbound half: queues each {@link MemcachedRequest} as it is written and sends its bytes. */
    ChannelOutboundHandlerAdapter writer() {
        return new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (!(msg instanceof MemcachedRequest)) {
                    ctx.write(msg, promise);
                    return;
                }
                MemcachedRequest request = (MemcachedRequest) msg;
                pending.add(request);
                ctx.write(request.command.retain(), promise).addListener(written -> {
                    if (!written.isSuccess()) {
                        pending.remove(request);
                    }
                });
            }
        };
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            int newline = in.indexOf(start, in.writerIndex(), (byte) '\n');
            if (newline < 0) {
                return;
            }
            MemcachedRequest head = pending.peek();
            if (head == null || newline == start || in.getByte(newline - 1) != '\r') {
                throw new MemcachedException("unexpected answer '" + text(in, start, newline) + "'");
            }
            int lineEnd = newline - 1;
            if (startsWith(in, start, lineEnd, VALUE)) {
                int end = newline + 1 + valueLength(in, start, lineEnd) + 2;
                if (in.writerIndex() < end) {
                    return;
                }
                head.value(in, newline + 1, end - 2 - (newline + 1));
                in.readerIndex(end);
                continue;
            }
            in.readerIndex(newline + 1);
            boolean answered;
            if (is(in, start, lineEnd, END)) {
                answered = head.line(MemcachedRequest.Line.END, "END");
            } else if (is(in, start, lineEnd, STORED)) {
                answered = head.line(MemcachedRequest.Line.STORED, "STORED");
            } else if (startsWith(in, start, lineEnd, STAT)) {
                answered = head.line(MemcachedRequest.Line.STAT, text(in, start, lineEnd));
            } else {
                answered = head.line(MemcachedRequest.Line.OTHER, text(in, start, lineEnd));
            }
            if (answered) {
                pending.poll();
                head.finish();
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        failAll(new MemcachedException("connection closed"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failAll(cause);
        ctx.close();
    }

    private void failAll(Throwable cause) {
        MemcachedRequest request;
        while ((request = pending.poll()) != null) {
            request.fail(cause);
        }
    }

    /** The data length, the last field of {@code VALUE <key> <flags> <bytes> [<cas>]}: this client asks no cas. */
    private static int valueLength(ByteBuf in, int start, int lineEnd) {
        int field = lineEnd;
        while (field > start && in.getByte(field - 1) != ' ') {
            field--;
        }
        if (field == lineEnd || lineEnd - field > 9) {
            throw new MemcachedException("bad VALUE line '" + text(in, start, lineEnd) + "'");
        }
        int length = 0;
        for (int i = field; i < lineEnd; i++) {
            byte digit = in.getByte(i);
            if (digit < '0' || digit > '9') {
                throw new MemcachedException("bad VALUE line '" + text(in, start, lineEnd) + "'");
            }
            length = length * 10 + digit - '0';
        }
        return length;
    }

    private static boolean is(ByteBuf in, int start, int lineEnd, byte[] word) {
        return lineEnd - start == word.length && startsWith(in, start, lineEnd, word);
    }

    private static boolean startsWith(ByteBuf in, int start, int lineEnd, byte[] prefix) {
        if (lineEnd - start < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (in.getByte(start + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String text(ByteBuf in, int start, int end) {
        return in.toString(start, end - start, StandardCharsets.US_ASCII);
    }
}
