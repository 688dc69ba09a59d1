package io.ringcache.client.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.ReferenceCountUtil;
import io.ringcache.client.RequestTimeoutException;
import io.ringcache.client.RingcacheException;
import io.ringcache.client.ServerErrorException;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.codec.ResponseDecoder;
import io.ringcache.protocol.netty.FrameDecoder;
import io.ringcache.protocol.netty.Transport;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One multiplexed, pipelined connection to one node. Any number of requests may be in flight: each gets a request
 * id, and answers are matched to their requests by id, in whatever order they come. Flushes are consolidated so
 * that requests written close together leave in one syscall. A lost connection fails every request in flight on it
 * and is re-established by the next request.
 */
public final class NodeConnection implements AutoCloseable {
    private final InetSocketAddress address;
    private final Bootstrap bootstrap;
    private final long timeoutNanos;
    private final AtomicInteger nextRequestId = new AtomicInteger();
    private final Object connectLock = new Object();
    private volatile Channel channel;
    private volatile boolean closed;

    public NodeConnection(InetSocketAddress address, EventLoopGroup group, Transport transport, long timeoutNanos,
            int connectTimeoutMs) {
        this.address = address;
        this.timeoutNanos = timeoutNanos;
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMs)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("flushes", new FlushConsolidationHandler(256, true));
                        ch.pipeline().addLast("frames", FrameDecoder.forResponses());
                        ch.pipeline().addLast("responses", new ResponseHandler());
                    }
                });
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Connects now, if not connected yet; throws {@link RingcacheException} when the node cannot be reached. */
    public void connect() {
        channel();
    }

    /** Sends one request; the future completes with the reader's result or fails with a {@link RingcacheException}. */
    public <T> CompletableFuture<T> send(RequestWriter writer, ResponseReader<T> reader) {
        PendingRequest<T> request = new PendingRequest<>(reader);
        Channel ch;
        try {
            ch = channel();
        } catch (RingcacheException e) {
            request.fail(e);
            return request.future;
        }
        ResponseHandler handler = ch.pipeline().get(ResponseHandler.class);
        int id = nextRequestId.incrementAndGet();
        handler.pending.put(id, request);
        ByteBuf out = ch.alloc().ioBuffer();
        try {
            writer.write(out, id);
        } catch (RuntimeException e) {
            out.release();
            handler.pending.remove(id);
            request.fail(e);
            return request.future;
        }
        request.timeout = ch.eventLoop().schedule(() -> handler.failOne(id, timedOut()), timeoutNanos,
                TimeUnit.NANOSECONDS);
        ch.writeAndFlush(out).addListener(written -> {
            if (!written.isSuccess()) {
                handler.failOne(id, new RingcacheException("cannot send to " + address + ": "
                        + describe(written.cause()), written.cause()));
            }
        });
        return request.future;
    }

    /** Closes the connection; requests in flight fail. */
    @Override
    public void close() {
        Channel ch;
        synchronized (connectLock) {
            closed = true;
            ch = channel;
        }
        if (ch != null) {
            ch.close().syncUninterruptibly();
        }
    }

    private Channel channel() {
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            return ch;
        }
        synchronized (connectLock) {
            if (closed) {
                throw new IllegalStateException("connection to " + address + " is closed");
            }
            ch = channel;
            if (ch != null && ch.isActive()) {
                return ch;
            }
            ChannelFuture connected = bootstrap.connect(address).awaitUninterruptibly();
            if (!connected.isSuccess()) {
                throw new RingcacheException("cannot connect to " + address.getHostString() + ":"
                        + address.getPort() + ": " + describe(connected.cause()), connected.cause());
            }
            channel = connected.channel();
            return channel;
        }
    }

    private RequestTimeoutException timedOut() {
        return new RequestTimeoutException("no answer from " + address + " within "
                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown error";
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    /** Matches each answer on one channel to its request and completes it; fails the rest if the channel dies. */
    private final class ResponseHandler extends ChannelInboundHandlerAdapter {
        private final Map<Integer, PendingRequest<?>> pending = new ConcurrentHashMap<>();
        private final ResponseDecoder response = new ResponseDecoder();

        void failOne(int id, Throwable cause) {
            PendingRequest<?> request = pending.remove(id);
            if (request != null) {
                request.fail(cause);
            }
        }

        private void failAll(Throwable cause) {
            for (Integer id : pending.keySet()) {
                failOne(id, cause);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof ByteBuf) {
                    ByteBuf frame = (ByteBuf) msg;
                    response.wrap(frame, frame.readerIndex());
                    PendingRequest<?> request = pending.remove(response.requestId());
                    if (request != null) {
                        answer(request);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private <T> void answer(PendingRequest<T> request) {
            try {
                short status = response.status();
                if (Status.isError(status)) {
                    request.fail(new ServerErrorException(status, response.errorMessage()));
                } else {
                    request.complete(request.reader.read(response));
                }
            } catch (RuntimeException e) {
                request.fail(new RingcacheException("bad answer from " + address + ": " + e.getMessage(), e));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            failAll(new RingcacheException("connection to " + address + " closed"));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failAll(new RingcacheException("connection to " + address + " failed: " + describe(cause), cause));
            ctx.close();
        }
    }
}
