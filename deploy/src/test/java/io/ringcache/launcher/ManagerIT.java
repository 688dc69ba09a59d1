package io.ringcache.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringcache.client.RingcacheClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Managers and nodes as real processes: a node killed with kill -9 is DOWN within 4 s with a new epoch that
 * clients receive, and UP again after a restart; the active manager killed with kill -9 is replaced by the standby
 * within 5 s while clients keep working.
 */
class ManagerIT {
    private final List<RingcacheProcess> processes = new ArrayList<>();

    @AfterEach
    void stopAll() {
        processes.forEach(RingcacheProcess::close);
    }

    private RingcacheProcess track(RingcacheProcess process) {
        processes.add(process);
        return process;
    }

    /** {@code ringcache admin --manager M status --json}, in this JVM. */
    private static JsonNode status(String managers) throws Exception {
        StringWriter out = new StringWriter();
        int exit = Ringcache.run(new String[] {"admin", "--manager", managers, "status", "--json"},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        if (exit != 0) {
            return null;
        }
        return new ObjectMapper().readTree(out.toString());
    }

    private static String stateOf(JsonNode status, String id) {
        for (JsonNode node : status.get("nodes")) {
            if (node.get("id").asText().equals(id)) {
                return node.get("state").asText();
            }
        }
        return "absent";
    }

    private static JsonNode awaitStatus(String managers, String what, long timeoutMs,
            java.util.function.Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            JsonNode status = status(managers);
            if (status != null && condition.test(status)) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeoutMs + " ms: " + what + "; last status " + status);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void killedNode_isDownWithinFourSeconds_clientsGetTheEpoch_andItIsUpAgainAfterRestart() throws Exception {
        int managerPort = RingcacheProcess.freePort();
        String manager = "127.0.0.1:" + managerPort;
        track(RingcacheProcess.manager("m1", managerPort));
        List<RingcacheProcess> nodes = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            nodes.add(track(RingcacheProcess.node("32m", "--id", "n" + i, "--manager", manager)));
        }
        awaitStatus(manager, "three nodes UP", 10_000, s -> s.get("nodes").size() == 3
                && stateOf(s, "n1").equals("UP") && stateOf(s, "n2").equals("UP") && stateOf(s, "n3").equals("UP"));
        try (RingcacheClient client = RingcacheClient.builder().seeds(nodes.get(0).address()).build()) {
            assertEquals(3, client.topology().nodes().size(), "a client given one node learns the whole ring");
            long before = status(manager).get("epoch").asLong();

            long killedAt = System.nanoTime();
            nodes.get(2).kill();
            JsonNode down = awaitStatus(manager, "n3 DOWN", 4_000, s -> stateOf(s, "n3").equals("DOWN"));
            long detectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            long downEpoch = down.get("epoch").asLong();
            assertTrue(downEpoch > before, "DOWN came with a new epoch");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (client.topology().epoch() < downEpoch && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(client.topology().epoch() >= downEpoch, "the client got epoch " + downEpoch + " within 1 s"
                    + " of the manager (detected after " + detectedMs + " ms)");

            nodes.get(2).restart();
            JsonNode up = awaitStatus(manager, "n3 UP again", 10_000, s -> stateOf(s, "n3").equals("UP"));
            assertTrue(up.get("epoch").asLong() > downEpoch);
        }
    }

    @Test
    void killedActiveManager_isReplacedByTheStandbyWithinFiveSeconds_whileClientsKeepWorking() throws Exception {
        int firstPort = RingcacheProcess.freePort();
        int secondPort = RingcacheProcess.freePort();
        String first = "127.0.0.1:" + firstPort;
        String second = "127.0.0.1:" + secondPort;
        RingcacheProcess active = track(RingcacheProcess.manager("m1", firstPort, "--peers", second));
        track(RingcacheProcess.manager("m2", secondPort, "--peers", first));
        List<RingcacheProcess> nodes = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            nodes.add(track(RingcacheProcess.node("32m", "--id", "n" + i, "--manager", first + "," + second)));
        }
        String both = first + "," + second;
        JsonNode ready = awaitStatus(both, "m1 active with three nodes", 10_000,
                s -> s.get("active_manager").asText().equals("m1") && s.get("nodes").size() == 3);
        long before = ready.get("epoch").asLong();

        try (RingcacheClient client = RingcacheClient.builder().seeds(nodes.get(0).address())
                .timeout(Duration.ofMillis(500)).build()) {
            List<byte[]> keys = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                keys.add(("standby-" + i).getBytes(StandardCharsets.UTF_8));
            }
            client.putAll(keys, keys, null);
            AtomicBoolean running = new AtomicBoolean(true);
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            AtomicLong reads = new AtomicLong();
            Thread reader = new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    try {
                        if (client.get(keys.get(i % keys.size())) == null) {
                            failures.add(new AssertionError("miss"));
                        }
                        reads.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            });
            reader.start();
            Thread.sleep(300);
            long killedAt = System.nanoTime();
            active.kill();
            JsonNode takenOver = awaitStatus(second, "m2 active", 5_000,
                    s -> s.get("active_manager").asText().equals("m2"));
            long tookOverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            assertTrue(takenOver.get("epoch").asLong() > before, "epoch went on increasing");
            awaitStatus(second, "m2 knows all three nodes (mirrored, or re-registered after 3 s)", 5_000,
                    s -> s.get("nodes").size() == 3);
            Thread.sleep(1_000);
            running.set(false);
            reader.join();
            assertTrue(failures.isEmpty(), "reads failed during the take-over (" + tookOverMs + " ms): "
                    + failures.peek());
            assertTrue(reads.get() > 100, "only " + reads.get() + " reads");
        }
    }
}
