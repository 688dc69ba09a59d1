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
 * A node or manager running as its own process through {@code bin/ringcache}, as an operator runs it, so tests can
 * kill it for real ({@code kill -9}) and start it again on the same port.
 */
final class RingcacheProcess implements AutoCloseable {
    static final Path LAUNCHER = Path.of("bin", "ringcache").toAbsolutePath();

    private final int port;
    private final List<String> arguments;
    private final List<String> output = new ArrayList<>();
    private Process process;

    private RingcacheProcess(int port, List<String> arguments) {
        this.port = port;
        this.arguments = arguments;
    }

    /** Starts a node on a free loopback port and waits until it listens. */
    static RingcacheProcess node(String maxMemory, String... extra) throws IOException, InterruptedException {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of("node", "--port", String.valueOf(port), "--max-memory", maxMemory,
                "--io-threads", "1"));
        args.addAll(List.of(extra));
        RingcacheProcess node = new RingcacheProcess(port, args);
        node.restart();
        return node;
    }

    /** Starts a manager on a free loopback port and waits until it listens. */
    static RingcacheProcess manager(String id, int port, String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("manager", "--port", String.valueOf(port), "--id", id,
                "--heartbeat", "500ms", "--miss-limit", "3"));
        args.addAll(List.of(extra));
        RingcacheProcess manager = new RingcacheProcess(port, args);
        manager.restart();
        return manager;
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
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(arguments);
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
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
        }, arguments.get(0) + "-" + port + "-output");
        reader.setDaemon(true);
        reader.start();
        if (!listening.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(arguments.get(0) + " on port " + port + " did not start: " + output());
        }
    }

    /** {@code kill -9}: no shutdown hook runs, connections are reset by the kernel. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Freezes the process (SIGSTOP), as a long pause or a partition would: it keeps its memory. */
    void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets a paused process run again (SIGCONT). */
    void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill " + signal + " " + process.pid() + " failed");
        }
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
