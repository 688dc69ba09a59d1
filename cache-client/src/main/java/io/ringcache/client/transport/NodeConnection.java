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
 * that requests written close together leave in one syscall.
 *
 * <p>Connecting never blocks the caller: a request made while the connection is down starts (or joins) a connect
 * attempt and is written when it succeeds. After a failed attempt, further attempts wait out a backoff that doubles
 * from {@value #MIN_BACKOFF_MS} ms to {@value #MAX_BACKOFF_MS} ms, and requests in that window fail at once. A lost
 * connection fails every request in flight on it.
 */
public final class NodeConnection implements AutoCloseable {
    static final long MIN_BACKOFF_MS = 50;
    static final long MAX_BACKOFF_MS = 2_000;
    static final int DEAD_AFTER_TIMEOUTS = 3;

    private final InetSocketAddress address;
    private final Bootstrap bootstrap;
    private final long timeoutNanos;
    private final AtomicInteger nextRequestId = new AtomicInteger();
    private final Object lock = new Object();
    private ChannelFuture current;
    private long backoffMs;
    private long nextAttemptNanos;
    private Throwable lastConnectFailure;
    private boolean closed;

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

    /** Sends one request; the future completes with the reader's result or fails with a {@link RingcacheException}. */
    public <T> CompletableFuture<T> send(RequestWriter writer, ResponseReader<T> reader) {
        PendingRequest<T> request = new PendingRequest<>(reader);
        ChannelFuture connected;
        try {
            connected = connection();
        } catch (RingcacheException | IllegalStateException e) {
            request.fail(e);
            return request.future;
        }
        if (connected.isDone()) {
            write(connected, writer, request);
        } else {
            connected.addListener(done -> write(connected, writer, request));
        }
        return request.future;
    }

    /** Closes the connection; requests in flight fail, and later requests throw {@link IllegalStateException}. */
    @Override
    public void close() {
        ChannelFuture last;
        synchronized (lock) {
            closed = true;
            last = current;
        }
        if (last != null) {
            last.channel().close().syncUninterruptibly();
        }
    }

    private <T> void write(ChannelFuture connected, RequestWriter writer, PendingRequest<T> request) {
        Channel ch = connected.channel();
        ResponseHandler handler = ch.pipeline().get(ResponseHandler.class);
        if (!connected.isSuccess() || !ch.isActive() || handler == null) {
            request.fail(connected.isSuccess() ? closedException() : unreachable(connected.cause()));
            return;
        }
        int id = nextRequestId.incrementAndGet();
        ByteBuf out = ch.alloc().ioBuffer();
        try {
            writer.write(out, id);
            handler.pending.put(id, request);
            request.timeout = ch.eventLoop().schedule(() -> handler.expire(ch, id), timeoutNanos,
                    TimeUnit.NANOSECONDS);
        } catch (Throwable e) {
            out.release();
            handler.pending.remove(id);
            request.fail(e);
            return;
        }
        ch.writeAndFlush(out).addListener(written -> {
            if (!written.isSuccess()) {
                handler.failOne(id, new RingcacheException("cannot send to " + hostPort() + ": "
                        + describe(written.cause()), written.cause()));
            }
        });
        if (!ch.isActive()) {
            handler.failOne(id, closedException());
        }
    }

    /** The live connection, a connect attempt in progress, or a new attempt unless backing off. */
    private ChannelFuture connection() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("connection to " + hostPort() + " is closed");
            }
            if (current != null && (!current.isDone() || current.channel().isActive())) {
                return current;
            }
            long now = System.nanoTime();
            if (lastConnectFailure != null && now < nextAttemptNanos) {
                throw unreachable(lastConnectFailure);
            }
            ChannelFuture attempt = bootstrap.connect(address);
            current = attempt;
            attempt.addListener(done -> connectFinished(attempt));
            return attempt;
        }
    }

    private void connectFinished(ChannelFuture attempt) {
        synchronized (lock) {
            if (attempt.isSuccess()) {
                backoffMs = 0;
                lastConnectFailure = null;
            } else {
                backoffMs = backoffMs == 0 ? MIN_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
                nextAttemptNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
                lastConnectFailure = attempt.cause();
            }
        }
    }

    private String hostPort() {
        return address.getHostString() + ":" + address.getPort();
    }

    private RingcacheException unreachable(Throwable cause) {
        return new RingcacheException("cannot connect to " + hostPort() + ": " + describe(cause), cause);
    }

    private RingcacheException closedException() {
        return new RingcacheException("connection to " + hostPort() + " closed");
    }

    private RequestTimeoutException timedOut() {
        return new RequestTimeoutException("no answer from " + hostPort() + " within "
                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "connection lost";
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    /** Matches each answer on one channel to its request and completes it; fails the rest if the channel dies. */
    private final class ResponseHandler extends ChannelInboundHandlerAdapter {
        private final Map<Integer, PendingRequest<?>> pending = new ConcurrentHashMap<>();
        private final ResponseDecoder response = new ResponseDecoder();
        /** Requests in a row that got no answer in time; touched only on the channel's event loop. */
        private int unansweredInARow;

        /**
         * Fails a request that got no answer in time. After {@value #DEAD_AFTER_TIMEOUTS} in a row the connection
         * is taken for half-open (the peer vanished without a reset) and closed, so the next request reconnects.
         */
        void expire(Channel channel, int id) {
            if (pending.containsKey(id) && ++unansweredInARow >= DEAD_AFTER_TIMEOUTS) {
                channel.close();
            }
            failOne(id, timedOut());
        }

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
                    unansweredInARow = 0;
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
                    request.fail(new ServerErrorException(status, response.errorMessage(), response.epoch()));
                } else {
                    request.complete(request.reader.read(response));
                }
            } catch (RuntimeException e) {
                request.fail(new RingcacheException("bad answer from " + hostPort() + ": " + e.getMessage(), e));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            failAll(closedException());
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failAll(new RingcacheException("connection to " + hostPort() + " failed: " + describe(cause), cause));
            ctx.close();
        }
    }
}
