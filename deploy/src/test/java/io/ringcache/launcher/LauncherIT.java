package io.ringcache.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real launcher script, as an operator runs it: a node process, the cli against it, and SIGTERM. */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("bin", "ringcache").toAbsolutePath();

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static String runToEnd(String... args) throws IOException, InterruptedException {
        Process process = launch(args);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return process.exitValue() + ":" + output;
    }

    @Test
    void node_logsWhereItListens_servesTheCli_andStopsCleanlyOnSigterm() throws Exception {
        int port = freePort();
        Process node = launch("node", "--port", String.valueOf(port), "--max-memory", "32m", "--id", "it-node");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        try {
            String listening = lines.poll(30, TimeUnit.SECONDS);
            assertTrue(listening != null && listening.contains("node it-node listening on 127.0.0.1:" + port)
                    && listening.contains("max-memory 32 MiB"), String.valueOf(listening));
            String seed = "127.0.0.1:" + port;
            assertEquals("0:OK\n", runToEnd("cli", "--seed", seed, "put", "k", "v"));
            assertEquals("0:v\n", runToEnd("cli", "--seed", seed, "get", "k"));
            assertEquals("1:(nil)\n", runToEnd("cli", "--seed", seed, "get", "absent"));
        } finally {
            node.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its pipes
        }
        assertTrue(node.waitFor(20, TimeUnit.SECONDS), "node did not stop on SIGTERM");
        reader.join(5_000);
        assertTrue(lines.stream().anyMatch(line -> line.contains("node it-node stopped")), lines.toString());
        assertEquals(143, node.exitValue());
    }

    @Test
    void badOption_exitsTwo_withOneLine() throws Exception {
        String result = runToEnd("node", "--max-memory", "lots");
        assertTrue(result.startsWith("2:"), result);
        assertEquals(1, result.substring(2).lines().count(), result);
    }
}
