package io.ringcache.benchmarks.compare;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ringcache.protocol.netty.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Memcached server through a minimal pipelining client of the text protocol ({@code get}, multi-key {@code get},
 * {@code set}, {@code stats}), because no maintained asynchronous Java client exists: spymemcached's last release
 * is from 2017 and merges queued gets into multi-gets (which would change the workload), and xmemcached's calls
 * block. It runs on the same Netty transport, with the same flush consolidation and TCP_NODELAY, as Ringcache's
 * own client, and spreads requests round-robin over {@code connections} connections as that client does. Public
 * for the YCSB binding ({@code io.ringcache.benchmarks.ycsb}), which also reads values and deletes.
 */
public final class MemcachedStore implements ValueStore {
    private static final int CONNECT_TIMEOUT_MS = 2_000;

    private final EventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    public MemcachedStore(String hostPort, int connections, int ioThreads) {
        HostPort address = HostPort.parse(hostPort);
        Transport transport = Transport.select(true);
        this.group = transport.newGroup(ioThreads, new DefaultThreadFactory("memcached-client", true));
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        MemcachedResponseDecoder decoder = new MemcachedResponseDecoder();
                        ch.pipeline().addLast("flushes", new FlushConsolidationHandler(256, true));
                        ch.pipeline().addLast("responses", decoder);
                        ch.pipeline().addLast("requests", decoder.writer());
                    }
                });
        try {
            for (int i = 0; i < connections; i++) {
                channels.add(bootstrap.connect(address.host(), address.port()).syncUninterruptibly().channel());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "memcached";
    }

    @Override
    public CompletableFuture<Boolean> get(byte[] key) {
        return getMany(List.of(key)).thenApply(found -> found > 0);
    }

    @Override
    public CompletableFuture<Void> set(byte[] key, byte[] value) {
        return setMany(List.of(key), value);
    }

    @Override
    public CompletableFuture<byte[]> read(byte[] key) {
        return values(List.of(key)).thenApply(found -> found.isEmpty() ? null : found.get(0));
    }

    @Override
    public CompletableFuture<Boolean> delete(byte[] key) {
        Channel channel = next();
        MemcachedRequest.Delete request = MemcachedRequest.delete(channel.alloc(), key);
        MemcachedResponseDecoder.send(channel, request);
        return request.future;
    }

    @Override
    public CompletableFuture<Integer> getMany(List<byte[]> keys) {
        return values(keys).thenApply(List::size);
    }

    @Override
    public CompletableFuture<Void> setMany(List<byte[]> keys, byte[] value) {
        Channel channel = next();
        MemcachedRequest.Store request = MemcachedRequest.set(channel.alloc(), keys, value);
        MemcachedResponseDecoder.send(channel, request);
        return request.future;
    }

    @Override
    public CompletableFuture<StoreFacts> facts() {
        Channel channel = next();
        MemcachedRequest.Stats request = MemcachedRequest.stats(channel.alloc());
        MemcachedResponseDecoder.send(channel, request);
        return request.future.thenApply(stats -> new StoreFacts(number(stats, "curr_items"),
                number(stats, "bytes")));
    }

    @Override
    public void close() {
        channels.forEach(channel -> channel.close().syncUninterruptibly());
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private CompletableFuture<List<byte[]>> values(List<byte[]> keys) {
        Channel channel = next();
        MemcachedRequest.Get request = MemcachedRequest.get(channel.alloc(), keys);
        MemcachedResponseDecoder.send(channel, request);
        return request.future;
    }

    private Channel next() {
        return channels.get(Math.floorMod(next.getAndIncrement(), channels.size()));
    }

    private static long number(Map<String, String> stats, String name) {
        String value = stats.get(name);
        return value == null ? -1 : Long.parseLong(value.trim());
    }
}
