package io.ringcache.server.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of a node that cuts its first connection after a given number of bytes towards the
 * node, then passes every later connection through untouched: a dropped link, for the tests of resumption.
 */
final class DroppingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final long dropAfterBytes;
    private final AtomicBoolean dropped = new AtomicBoolean();
    private final AtomicInteger connections = new AtomicInteger();

    DroppingProxy(int targetPort, long dropAfterBytes) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.dropAfterBytes = dropAfterBytes;
        Thread acceptor = new Thread(this::accept, "dropping-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Whether the proxy has cut a connection yet. */
    boolean dropped() {
        return dropped.get();
    }

    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                boolean cutThis = connections.incrementAndGet() == 1;
                pump(client, target, cutThis ? dropAfterBytes : Long.MAX_VALUE);
                pump(target, client, Long.MAX_VALUE);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, long limit) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            long passed = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    int allowed = (int) Math.min(read, limit - passed);
                    out.write(buffer, 0, allowed);
                    passed += allowed;
                    if (passed >= limit) {
                        dropped.set(true);
                        break;
                    }
                }
            } catch (IOException ignored) {
                // either side closed: the pair ends
            } finally {
                close(from);
                close(to);
            }
        }, "dropping-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
