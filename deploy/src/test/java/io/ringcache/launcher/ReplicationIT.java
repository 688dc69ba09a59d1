package io.ringcache.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Replication, recovery and rebalancing with real node and manager processes, driven by {@code ringcache bench}:
 * a node killed with kill -9 under QUORUM load costs no client error and no key, and catches up when restarted; a
 * fourth node joins under load and then drains away without a miss; writes racing through different coordinators
 * leave every replica with the same version.
 */
class ReplicationIT {
    /** Keys written by {@code --check write} (40-byte keys), disjoint from the load's (100-byte keys). */
    private static final String CHECKED_KEYS = "4000";
    private static final String CHECKED_KEY_SIZE = "40";
    private final List<RingcacheProcess> processes = new ArrayList<>();
    private String manager;

    @AfterEach
    void stopAll() {
        processes.forEach(RingcacheProcess::close);
    }

    private RingcacheProcess node(String id) throws Exception {
        RingcacheProcess node = RingcacheProcess.node("64m", "--id", id, "--manager", manager);
        processes.add(node);
        return node;
    }

    private List<RingcacheProcess> cluster(int nodes) throws Exception {
        int port = RingcacheProcess.freePort();
        manager = "127.0.0.1:" + port;
        processes.add(RingcacheProcess.manager("m1", port));
        List<RingcacheProcess> started = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            started.add(node("n" + i));
        }
        awaitStatus(nodes + " nodes UP", 20_000, s -> countUp(s) == nodes);
        return started;
    }

    private JsonNode status() throws Exception {
        LauncherRun run = LauncherRun.of("admin", "--manager", manager, "status", "--json");
        return run.exit() == 0 ? new ObjectMapper().readTree(run.out()) : null;
    }

    private JsonNode awaitStatus(String what, long timeoutMs, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            JsonNode status = status();
            if (status != null && condition.test(status)) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeoutMs + " ms: " + what + "; last status " + status);
            }
            Thread.sleep(100);
        }
    }

    private static int countUp(JsonNode status) {
        int up = 0;
        for (JsonNode node : status.get("nodes")) {
            up += node.get("state").asText().equals("UP") ? 1 : 0;
        }
        return up;
    }

    private static JsonNode nodeIn(JsonNode status, String id) {
        for (JsonNode node : status.get("nodes")) {
            if (node.get("id").asText().equals(id)) {
                return node;
            }
        }
        return null;
    }

    /** The last line of a bench run's output: its JSON figures. */
    private static JsonNode figures(LauncherRun run) throws Exception {
        String[] lines = run.out().trim().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    private static LauncherRun check(String mode, String seed, String... extra) {
        List<String> args = new ArrayList<>(List.of("bench", "--seed", seed, "--check", mode, "--keys", CHECKED_KEYS,
                "--key-size", CHECKED_KEY_SIZE, "--value-size", "512", "--json"));
        args.addAll(List.of(extra));
        return LauncherRun.of(args.toArray(new String[0]));
    }

    private static void assertAllFound(LauncherRun run, String when) throws Exception {
        JsonNode result = figures(run);
        assertEquals(0, run.exit(), when + ": " + run.out() + run.err());
        assertEquals(Long.parseLong(CHECKED_KEYS), result.get("found").asLong(), when + ": " + result);
    }

    /** A timed load of reads and writes, on its own thread; its JSON figures when it ends. */
    private static CompletableFuture<JsonNode> load(String seed, String duration, String readRatio,
            String... extra) {
        List<String> args = new ArrayList<>(List.of("bench", "--seed", seed, "--duration", duration,
                "--connections", "8", "--keys", "2000", "--value-size", "512", "--read-ratio", readRatio,
                "--distribution", "uniform", "--timeout", "2s", "--json"));
        args.addAll(List.of(extra));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return figures(LauncherRun.of(args.toArray(new String[0])));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void killedNode_costsNoErrorAndNoKey_andOnRestartCatchesUpToServeEveryKeyAlone() throws Exception {
        List<RingcacheProcess> nodes = cluster(3);
        String seed = nodes.get(0).address();
        assertAllFound(check("write", seed, "--write-consistency", "QUORUM"), "write before the kill");

        CompletableFuture<JsonNode> load = load(seed, "6s", "0.5", "--write-consistency", "QUORUM");
        Thread.sleep(1_500);
        nodes.get(2).kill();
        long killedAt = System.nanoTime();
        JsonNode figures = load.get(30, TimeUnit.SECONDS);
        assertEquals(0, figures.get("errors").asLong(), "client-visible errors across the kill: " + figures);
        assertTrue(figures.get("operations").asLong() > 1000, "the load ran: " + figures);
        assertAllFound(check("read", seed), "read after the kill");
        assertAllFound(check("read", seed, "--read-consistency", "QUORUM"), "QUORUM read after the kill");

        long sinceKillMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        Thread.sleep(Math.max(0, 10_000 - sinceKillMs));
        nodes.get(2).restart();
        awaitStatus("n3 UP again after catching up", 20_000, s -> nodeIn(s, "n3").get("state").asText().equals("UP"));
        assertAllFound(check("read", nodes.get(2).address(), "--static"), "read from the restarted node alone");
    }

    @Test
    void fourthNodeJoinsUnderLoad_andDrainsAway_withoutAMiss() throws Exception {
        List<RingcacheProcess> nodes = cluster(3);
        String seed = nodes.get(0).address();
        assertAllFound(check("write", seed, "--write-consistency", "QUORUM"), "write before the join");

        CompletableFuture<JsonNode> load = load(seed, "8s", "0.5", "--write-consistency", "QUORUM");
        Thread.sleep(1_000);
        node("n4");
        awaitStatus("n4 UP", 20_000, s -> nodeIn(s, "n4") != null
                && nodeIn(s, "n4").get("state").asText().equals("UP"));
        assertAllFound(check("read", seed), "read right after the flip");
        JsonNode figures = load.get(30, TimeUnit.SECONDS);
        assertEquals(0, figures.get("errors").asLong(), "client-visible errors across the join: " + figures);

        assertEquals(0, LauncherRun.of("admin", "--manager", manager, "drain", "n4").exit());
        awaitStatus("n4 drained", 20_000, s -> nodeIn(s, "n4").get("drained").asBoolean());
        LauncherRun removed = LauncherRun.of("admin", "--manager", manager, "remove", "n4");
        assertEquals(0, removed.exit(), removed.err());
        awaitStatus("n4 gone", 5_000, s -> nodeIn(s, "n4") == null);
        assertAllFound(check("read", seed), "read after drain and remove");
    }

    @Test
    void writesRacingThroughDifferentCoordinators_leaveEveryReplicaWithTheSameVersion() throws Exception {
        List<RingcacheProcess> nodes = cluster(3);
        CompletableFuture<JsonNode> first = load(nodes.get(0).address(), "3s", "0", "--static");
        CompletableFuture<JsonNode> second = load(nodes.get(1).address(), "3s", "0", "--static");
        assertEquals(0, first.get(30, TimeUnit.SECONDS).get("errors").asLong());
        assertEquals(0, second.get(30, TimeUnit.SECONDS).get("errors").asLong());
        Thread.sleep(500);
        LauncherRun converge = LauncherRun.of("bench", "--seed", nodes.get(2).address(), "--check", "converge",
                "--keys", "2000", "--json");
        JsonNode result = figures(converge);
        assertEquals(0, converge.exit(), converge.out());
        assertEquals(2000, result.get("found").asLong(), "every key converged: " + result);
    }

    @Test
    void nodePausedPastTheMissLimit_comesBackWithItsMemory_andCatchesUpByPartialSync() throws Exception {
        List<RingcacheProcess> nodes = cluster(3);
        String seed = nodes.get(0).address();
        assertAllFound(check("write", seed, "--write-consistency", "QUORUM"), "write before the pause");
        Thread.sleep(1_500);
        nodes.get(2).pause();
        try {
            awaitStatus("n3 DOWN while paused", 10_000, s -> nodeIn(s, "n3").get("state").asText().equals("DOWN"));
            LauncherRun during = LauncherRun.of("bench", "--seed", seed, "--check", "write", "--keys", "2000",
                    "--key-size", "41", "--value-size", "512", "--write-consistency", "QUORUM", "--json");
            assertEquals(0, during.exit(), "QUORUM writes while n3 is paused: " + during.out());
        } finally {
            nodes.get(2).resume();
        }
        awaitStatus("n3 UP after catching up", 20_000, s -> nodeIn(s, "n3").get("state").asText().equals("UP"));
        String alone = nodes.get(2).address();
        assertAllFound(check("read", alone, "--static"), "keys from before the pause, on n3 alone");
        LauncherRun missed = LauncherRun.of("bench", "--seed", alone, "--static", "--check", "read", "--keys", "2000",
                "--key-size", "41", "--json");
        assertEquals(0, missed.exit(), "keys written while n3 was paused, on n3 alone: " + missed.out());
        long partial = 0;
        long full = 0;
        for (String survivor : List.of("n1", "n2")) {
            LauncherRun stats = LauncherRun.of("cli", "--seed", seed, "stats", "--node", survivor);
            partial += statOf(stats.out(), "transfer_partial_syncs");
            full += statOf(stats.out(), "transfer_full_syncs");
        }
        assertTrue(partial >= 2, "both survivors replayed their backlogs: " + partial);
        assertEquals(0, full, "nothing was streamed in full");
    }

    /** A stat's value in the {@code cli stats} output of one node. */
    private static long statOf(String statsOutput, String name) {
        for (String line : statsOutput.split("\n")) {
            if (line.trim().startsWith(name + ":")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new AssertionError(name + " not in " + statsOutput);
    }
}
