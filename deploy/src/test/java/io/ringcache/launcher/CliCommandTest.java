package io.ringcache.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringcache.server.CacheNode;
import io.ringcache.server.NodeContext;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code ringcache cli}: output and exit codes of every subcommand, against a real node. */
class CliCommandTest {
    private static CacheNode node;
    private static String seed;

    @BeforeAll
    static void startNode() throws InterruptedException {
        node = CacheNode.start(new NodeContext().port(0).maxMemory(16L << 20).ioThreads(1));
        seed = "127.0.0.1:" + node.port();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void putThenGet_printsTheValue_andExitsZero() {
        LauncherRun put = LauncherRun.of("cli", "--seed", seed, "put", "greeting", "hello world", "--ttl", "60");
        assertEquals(0, put.exit(), put.err());
        assertEquals("OK\n", put.out());
        LauncherRun get = LauncherRun.of("cli", "--seed", seed, "get", "greeting");
        assertEquals(0, get.exit());
        assertEquals("hello world\n", get.out());
    }

    @Test
    void getVerbose_printsTtlVersionAndFlags() {
        LauncherRun.of("cli", "--seed", seed, "put", "verbose", "v", "--ttl", "60");
        LauncherRun get = LauncherRun.of("cli", "--seed", seed, "get", "verbose", "-v");
        assertEquals(0, get.exit());
        assertTrue(get.out().startsWith("v\nttl_ms: "), get.out());
        assertTrue(get.out().contains("version: ") && get.out().contains("flags: 0"), get.out());
    }

    @Test
    void getMissingKey_exitsOne() {
        LauncherRun get = LauncherRun.of("cli", "--seed", seed, "get", "no-such-key");
        assertEquals(1, get.exit());
        assertEquals("", get.out());
    }

    @Test
    void delTtlAndMget_printLikeRedisCli() {
        LauncherRun.of("cli", "--seed", seed, "put", "a", "1");
        LauncherRun.of("cli", "--seed", seed, "put", "b", "2", "--ttl", "100");
        assertEquals("-1\n", LauncherRun.of("cli", "--seed", seed, "ttl", "a").out());
        assertEquals("100\n", LauncherRun.of("cli", "--seed", seed, "ttl", "b").out());
        assertEquals("-2\n", LauncherRun.of("cli", "--seed", seed, "ttl", "zzz").out());
        assertEquals("1\n(nil)\n2\n", LauncherRun.of("cli", "--seed", seed, "mget", "a", "zzz", "b").out());
        assertEquals("1\n", LauncherRun.of("cli", "--seed", seed, "del", "a").out());
        assertEquals("0\n", LauncherRun.of("cli", "--seed", seed, "del", "a").out());
    }

    @Test
    void stats_printsNameValueLines_orOneJsonObject() throws IOException {
        LauncherRun lines = LauncherRun.of("cli", "--seed", seed, "stats");
        assertEquals(0, lines.exit());
        assertTrue(lines.out().contains("used_memory: "), lines.out());
        assertTrue(lines.out().contains("max_memory: " + (16L << 20)), lines.out());
        LauncherRun json = LauncherRun.of("cli", "--seed", seed, "stats", "--json");
        JsonNode stats = new ObjectMapper().readTree(json.out());
        String[] required = {"used_memory", "max_memory", "items", "hits", "misses", "evictions", "expirations"};
        for (String name : required) {
            assertTrue(stats.has(name), name);
        }
    }

    @Test
    void unreachableNode_exitsTwo_withOneLineError() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        LauncherRun get = LauncherRun.of("cli", "--seed", "127.0.0.1:" + port, "get", "k");
        assertEquals(2, get.exit());
        assertEquals(1, get.err().lines().count(), get.err());
        assertTrue(get.err().contains("cannot connect"), get.err());
    }

    @Test
    void badUsage_exitsTwo_withOneLineError() {
        LauncherRun missingArgument = LauncherRun.of("cli", "--seed", seed, "put", "only-key");
        assertEquals(2, missingArgument.exit());
        assertEquals(1, missingArgument.err().lines().count(), missingArgument.err());
        LauncherRun oversizedKey = LauncherRun.of("cli", "--seed", seed, "get", "k".repeat(300));
        assertEquals(2, oversizedKey.exit());
        assertTrue(oversizedKey.err().contains("250"), oversizedKey.err());
    }

    @Test
    void help_isAvailableOnEveryCommand() {
        for (String[] args : new String[][] {{"--help"}, {"node", "--help"}, {"cli", "--help"},
            {"cli", "get", "--help"}, {"cli", "stats", "--help"}}) {
            LauncherRun help = LauncherRun.of(args);
            assertEquals(0, help.exit(), String.join(" ", args));
            assertTrue(help.out().contains("Usage:"), help.out());
        }
    }
}
