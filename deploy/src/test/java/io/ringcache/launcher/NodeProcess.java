package io.ringcache.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A cache node running as its own process through {@code bin/ringcache node}, as an operator runs it, so tests can
 * kill it for real ({@code kill -9}) and start it again on the same port.
 */
final class NodeProcess implements AutoCloseable {
    static final Path LAUNCHER = Path.of("bin", "ringcache").toAbsolutePath();

    private final int port;
    private final String maxMemory;
    private final List<String> output = new ArrayList<>();
    private Process process;

    private NodeProcess(int port, String maxMemory) {
        this.port = port;
        this.maxMemory = maxMemory;
    }

    /** Starts a node on a free loopback port and waits until it listens. */
    static NodeProcess start(String maxMemory) throws IOException, InterruptedException {
        NodeProcess node = new NodeProcess(freePort(), maxMemory);
        node.restart();
        return node;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** (Re)starts the process on the same port and waits for its "listening" line. */
    void restart() throws IOException, InterruptedException {
        process = new ProcessBuilder(LAUNCHER.toString(), "node", "--port", String.valueOf(port), "--max-memory",
                maxMemory, "--io-threads", "1")
                .redirectErrorStream(true)
                .start();
        CountDownLatch listening = new CountDownLatch(1);
        Process started = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.contains("listening on")) {
                        listening.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "node-" + port + "-output");
        reader.setDaemon(true);
        reader.start();
        if (!listening.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("node on port " + port + " did not start: " + output());
        }
    }

    /** {@code kill -9}: no shutdown hook runs, connections are reset by the kernel. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    List<String> output() {
        synchronized (output) {
            return new ArrayList<>(output);
        }
    }

    /** Stops the process with SIGTERM, or SIGKILL if it does not end within 10 s. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.toHandle().destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.toHandle().destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.toHandle().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
