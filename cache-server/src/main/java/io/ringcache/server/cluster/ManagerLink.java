package io.ringcache.server.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.ringcache.protocol.Status;
import io.ringcache.protocol.codec.FrameHeader;
import io.ringcache.protocol.codec.RequestEncoder;
import io.ringcache.protocol.codec.ResponseDecoder;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.server.NodeTopology;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node known to the cluster managers: registers it at start, and again whenever no manager has
 * heartbeated it for {@value #SILENCE_MS} ms (a manager restarted, or a standby took over and does not know it
 * yet). One daemon thread with plain blocking sockets: registration is rare and small, and must not wait on the
 * event loops that serve clients.
 */
public final class ManagerLink implements AutoCloseable {
    static final long SILENCE_MS = 3_000;
    private static final long CHECK_INTERVAL_MS = 500;
    private static final int SOCKET_TIMEOUT_MS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(ManagerLink.class);

    private final NodeInfo self;
    private final List<String> managers;
    private final NodeTopology topology;
    private final LongSupplier lastHeartbeatMs;
    private final Thread thread;
    private volatile boolean running = true;
    private long lastRegisteredMs;

    public ManagerLink(NodeInfo self, List<String> managers, NodeTopology topology, LongSupplier lastHeartbeatMs) {
        this.self = self;
        managers.forEach(ManagerLink::address);
        this.managers = List.copyOf(managers);
        this.topology = topology;
        this.lastHeartbeatMs = lastHeartbeatMs;
        this.thread = new Thread(this::run, "ringcache-manager-link");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

    private void run() {
        while (running) {
            long now = System.currentTimeMillis();
            boolean heard = now - lastHeartbeatMs.getAsLong() < SILENCE_MS;
            if (!heard && now - lastRegisteredMs >= SILENCE_MS) {
                registerWithAnyManager();
            }
            try {
                Thread.sleep(CHECK_INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void registerWithAnyManager() {
        for (String hostPort : managers) {
            InetSocketAddress manager = address(hostPort);
            try {
                if (register(manager)) {
                    lastRegisteredMs = System.currentTimeMillis();
                    LOG.info("node {} registered with manager {}:{}", self.id(), manager.getHostString(),
                            manager.getPort());
                    return;
                }
            } catch (IOException e) {
                LOG.debug("manager {} unreachable: {}", manager, e.getMessage());
            }
        }
    }

    /** Sends REGISTER; true when this manager took the node in (a standby answers NOT_ACTIVE). */
    private boolean register(InetSocketAddress manager) throws IOException {
        ByteBuf request = Unpooled.buffer();
        RequestEncoder.register(request, 1, topology.epoch(), self);
        byte[] bytes = ByteBufUtil.getBytes(request);
        request.release();
        try (Socket socket = new Socket()) {
            socket.connect(manager, SOCKET_TIMEOUT_MS);
            socket.setSoTimeout(SOCKET_TIMEOUT_MS);
            socket.getOutputStream().write(bytes);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[FrameHeader.HEADER_LENGTH];
            in.readFully(header);
            int bodyLength = Unpooled.wrappedBuffer(header).getInt(FrameHeader.LENGTH_OFFSET);
            if (bodyLength < 0 || bodyLength > 64 * 1024) {
                throw new IOException("bad answer from manager: body length " + bodyLength);
            }
            byte[] frame = new byte[FrameHeader.HEADER_LENGTH + bodyLength];
            System.arraycopy(header, 0, frame, 0, header.length);
            in.readFully(frame, header.length, bodyLength);
            ResponseDecoder answer = new ResponseDecoder().wrap(Unpooled.wrappedBuffer(frame), 0);
            if (answer.status() != Status.OK) {
                LOG.debug("manager {} refused registration: {}", manager,
                        Status.isError(answer.status()) ? answer.errorMessage() : Status.name(answer.status()));
                return false;
            }
            return true;
        }
    }

    /** Resolved on each attempt, so a manager whose name did not resolve yet, or moved, is found later. */
    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("manager address must be host:port, was '" + hostPort + "'");
        }
        return new InetSocketAddress(hostPort.substring(0, colon).trim(),
                Integer.parseInt(hostPort.substring(colon + 1).trim()));
    }
}
