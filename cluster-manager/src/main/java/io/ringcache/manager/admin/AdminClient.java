package io.ringcache.manager.admin;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ringcache.client.RingcacheException;
import io.ringcache.client.ServerErrorException;
import io.ringcache.client.transport.NodeConnection;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.codec.RequestEncoder;
import io.ringcache.protocol.netty.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Sends operators' commands to the cluster managers: tries each listed manager in turn until the active one
 * answers (a standby answers NOT_ACTIVE), and returns its JSON answer.
 */
public final class AdminClient implements AutoCloseable {
    private final List<String> managers;
    private final Duration timeout;
    private final Transport transport = Transport.select(true);
    private final EventLoopGroup group;

    public AdminClient(List<String> managers, Duration timeout) {
        if (managers.isEmpty()) {
            throw new IllegalArgumentException("at least one manager address is needed");
        }
        this.managers = List.copyOf(managers);
        this.timeout = timeout;
        this.group = transport.newGroup(1, new DefaultThreadFactory("ringcache-admin", true));
    }

    /** Sends a JSON command to the active manager and returns its JSON answer. */
    public String execute(String jsonCommand) {
        RingcacheException last = null;
        for (String address : managers) {
            int colon = address.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("manager address must be host:port, was '" + address + "'");
            }
            InetSocketAddress socket = InetSocketAddress.createUnresolved(address.substring(0, colon).trim(),
                    Integer.parseInt(address.substring(colon + 1).trim()));
            try (NodeConnection connection = new NodeConnection(socket, group, transport, timeout.toNanos(),
                    (int) timeout.toMillis())) {
                return connection.send((out, id) -> RequestEncoder.admin(out, id, jsonCommand), r -> r.readText())
                        .join();
            } catch (CompletionException e) {
                RingcacheException cause = e.getCause() instanceof RingcacheException
                        ? (RingcacheException) e.getCause()
                        : new RingcacheException(String.valueOf(e.getCause().getMessage()), e.getCause());
                if (cause instanceof ServerErrorException
                        && ((ServerErrorException) cause).status() != Status.NOT_ACTIVE) {
                    throw cause;
                }
                last = cause;
            }
        }
        throw new RingcacheException("no active manager among " + managers + ": " + last.getMessage(), last);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
