package io.ringcache.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringcache.manager.ClusterManager;
import io.ringcache.manager.ManagerContext;
import io.ringcache.protocol.ring.NodeState;
import io.ringcache.server.CacheNode;
import io.ringcache.server.NodeContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ringcache admin}: tables, JSON, membership changes, the rebalance flag and errors, against a real manager and
 * nodes. The first node enters UP; the second joins (JOINING until the nodes report their moves done).
 */
class AdminCommandTest {
    private ClusterManager active;
    private ClusterManager standby;
    private final List<CacheNode> nodes = new ArrayList<>();
    private String managers;

    @BeforeEach
    void startCluster() throws Exception {
        active = ClusterManager.start(new ManagerContext().managerId("m1").port(0).heartbeatMs(200));
        standby = ClusterManager.start(new ManagerContext().managerId("m2").port(0).heartbeatMs(200)
                .peers(List.of("127.0.0.1:" + active.port())));
        managers = "127.0.0.1:" + standby.port() + ",127.0.0.1:" + active.port();
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (int i = 1; i <= 2; i++) {
            nodes.add(CacheNode.start(new NodeContext().nodeId("n" + i).port(0).maxMemory(8L << 20).ioThreads(1)
                    .managers(List.of("127.0.0.1:" + active.port()))));
            while (active.topology().nodes().size() < i || standby.isActive()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("cluster did not form: " + active.topology());
                }
                Thread.sleep(20);
            }
        }
    }

    @AfterEach
    void stopCluster() {
        nodes.forEach(CacheNode::close);
        standby.close();
        active.close();
    }

    @Test
    void status_asATable_andAsJson_throughTheStandbyToo() throws Exception {
        LauncherRun table = LauncherRun.of("admin", "--manager", managers, "status");
        assertEquals(0, table.exit(), table.err());
        assertTrue(table.out().contains("active manager m1"), table.out());
        assertTrue(table.out().lines().anyMatch(line -> line.startsWith("n1") && line.contains("UP")), table.out());
        assertTrue(table.out().contains("rebalance running") && table.out().contains("SYNCED"), table.out());
        assertTrue(table.out().contains("transfers: none"), table.out());
        LauncherRun json = LauncherRun.of("admin", "--manager", managers, "status", "--json");
        JsonNode status = new ObjectMapper().readTree(json.out());
        assertEquals("m1", status.get("active_manager").asText());
        assertEquals(active.topology().epoch(), status.get("epoch").asLong());
        assertEquals("running", status.get("rebalance").asText());
        assertTrue(status.get("transfers").isArray(), status.toString());
        assertEquals(2, status.get("nodes").size());
        for (JsonNode node : status.get("nodes")) {
            for (String field : List.of("id", "address", "state", "items", "used_memory", "synced_epoch", "drained")) {
                assertTrue(node.has(field), field);
            }
        }
    }

    @Test
    void statusTable_showsDrainedNodes_andEachTransferWithAProgressBarByBytes() throws Exception {
        JsonNode status = new ObjectMapper().readTree("{\"epoch\":7,\"active_manager\":\"m1\","
                + "\"replication_factor\":3,\"vnodes\":160,\"rebalance\":\"paused\",\"nodes\":[{\"id\":\"n1\","
                + "\"address\":\"h:1\",\"state\":\"LEAVING\",\"zone\":\"\",\"items\":0,\"used_memory\":0,"
                + "\"ops_per_sec\":0,\"epoch\":7,\"synced_epoch\":7,\"drained\":true}],\"transfers\":["
                + "{\"from\":\"n1\",\"to\":\"n2\",\"keys_done\":10,\"bytes_done\":3072,\"keys_left\":10,"
                + "\"bytes_left\":1024}]}");
        StringWriter text = new StringWriter();
        AdminCommand.statusTable(status, new PrintWriter(text, true));
        String table = text.toString();
        assertTrue(table.contains("rebalance paused"), table);
        assertTrue(table.lines().anyMatch(line -> line.startsWith("n1") && line.contains("LEAVING, drained")), table);
        assertTrue(table.contains("transfers: 1"), table);
        assertTrue(table.lines().anyMatch(line -> line.contains("n1") && line.contains("-> n2")
                && line.contains("[" + "#".repeat(23) + ".".repeat(7) + "]") && line.contains("75.0%")
                && line.contains("10/20 keys") && line.contains("3.0 KiB/4.0 KiB")), table);
    }

    @Test
    void statusWatch_redrawsCountTimes_asSeparatedBlocksWhenNotATerminal() throws Exception {
        LauncherRun table = LauncherRun.of("admin", "--manager", managers, "status", "--watch", "--count", "2",
                "--interval", "100ms");
        assertEquals(0, table.exit(), table.err());
        assertEquals(2, table.out().lines().filter(line -> line.startsWith("epoch ")).count(), table.out());
        assertTrue(table.out().contains("transfers: none\n\nepoch "), table.out());
        assertFalse(table.out().contains("\033"), "no ANSI escapes into a pipe");
        LauncherRun json = LauncherRun.of("admin", "--manager", managers, "status", "--watch", "--count", "3",
                "--interval", "50ms", "--json");
        assertEquals(3, json.out().lines().count(), json.out());
        for (String line : json.out().lines().toList()) {
            assertTrue(new ObjectMapper().readTree(line).has("transfers"), line);
        }
        LauncherRun noWatch = LauncherRun.of("admin", "--manager", managers, "status", "--count", "2");
        assertEquals(2, noWatch.exit());
        assertTrue(noWatch.err().contains("--count needs --watch"), noWatch.err());
    }

    @Test
    void rebalancePauseAndResume_showInStatus() throws Exception {
        LauncherRun paused = LauncherRun.of("admin", "--manager", managers, "rebalance", "--pause");
        assertEquals(0, paused.exit(), paused.err());
        assertTrue(paused.out().startsWith("rebalance paused"), paused.out());
        assertTrue(LauncherRun.of("admin", "--manager", managers, "status").out().contains("rebalance paused"));
        assertTrue(LauncherRun.of("admin", "--manager", managers, "rebalance").out().startsWith("rebalance paused"));
        LauncherRun resumed = LauncherRun.of("admin", "--manager", managers, "rebalance", "--resume", "--json");
        assertEquals("running", new ObjectMapper().readTree(resumed.out()).get("rebalance").asText());
        LauncherRun both = LauncherRun.of("admin", "--manager", managers, "rebalance", "--pause", "--resume");
        assertEquals(2, both.exit());
        assertEquals(1, both.err().lines().count(), both.err());
    }

    @Test
    void ring_showsEachNodesShareOfKeys() throws Exception {
        LauncherRun run = LauncherRun.of("admin", "--manager", managers, "ring", "--json");
        JsonNode ring = new ObjectMapper().readTree(run.out());
        double total = 0;
        for (JsonNode node : ring.get("nodes")) {
            boolean onTheRing = !node.get("state").asText().equals("JOINING");
            assertEquals(onTheRing ? 160 : 0, node.get("vnodes").asInt(), node.toString());
            total += node.get("key_share").asDouble();
        }
        assertEquals(1.0, total, 1e-9);
        assertTrue(LauncherRun.of("admin", "--manager", managers, "ring").out().contains("KEY_SHARE"));
    }

    @Test
    void addNodeDrainAndRemove_changeMembershipWithNewEpochs() throws Exception {
        CacheNode extra = CacheNode.start(new NodeContext().nodeId("n3").port(0).maxMemory(8L << 20).ioThreads(1));
        nodes.add(extra);
        long before = active.topology().epoch();
        LauncherRun added = LauncherRun.of("admin", "--manager", managers, "add-node", "127.0.0.1:" + extra.port(),
                "--id", "n3");
        assertEquals(0, added.exit(), added.err());
        assertTrue(added.out().startsWith("added n3 as JOINING"), added.out());
        assertTrue(active.topology().epoch() > before);

        LauncherRun kept = LauncherRun.of("admin", "--manager", managers, "remove", "n3");
        assertEquals(2, kept.exit(), "a node that is not drained needs --force: " + kept);
        assertTrue(kept.err().contains("--force"), kept.err());
        LauncherRun forced = LauncherRun.of("admin", "--manager", managers, "remove", "n3", "--force");
        assertEquals(0, forced.exit(), forced.err());
        assertEquals(null, active.topology().node("n3"));

        LauncherRun drained = LauncherRun.of("admin", "--manager", managers, "drain", "n1");
        assertEquals(0, drained.exit(), drained.err());
        assertTrue(drained.out().startsWith("n1 is LEAVING"), drained.out());
        assertEquals(NodeState.LEAVING, active.topology().node("n1").state());
        LauncherRun removed = LauncherRun.of("admin", "--manager", managers, "remove", "n1", "--force");
        assertEquals(0, removed.exit(), removed.err());
        assertTrue(removed.out().startsWith("n1 removed (was LEAVING)"), removed.out());
        assertEquals(null, active.topology().node("n1"));
        assertEquals(String.valueOf(active.topology().epoch()),
                LauncherRun.of("admin", "--manager", managers, "epoch").out().trim());
    }

    @Test
    void removeOfAnUpNode_isRefusedWithOneLine_unlessForced() {
        LauncherRun refused = LauncherRun.of("admin", "--manager", managers, "remove", "n1");
        assertEquals(2, refused.exit());
        assertEquals(1, refused.err().lines().count(), refused.err());
        assertTrue(refused.err().contains("node n1 is UP") && refused.err().contains("drain it")
                && refused.err().contains("--force"), refused.err());
        assertEquals(NodeState.UP, active.topology().node("n1").state());
    }

    @Test
    void removedNode_staysRemoved_thoughItKeepsTryingToRegister() throws Exception {
        assertEquals(0, LauncherRun.of("admin", "--manager", managers, "remove", "n1", "--force").exit());
        Thread.sleep(4_000);
        assertEquals(null, active.topology().node("n1"), "n1 came back by registering itself");
        assertTrue(active.topology().node("n2") != null, "n2 went with n1");
    }

    @Test
    void unknownNodeOrUnreachableManager_exitTwo_withOneLine() {
        LauncherRun unknown = LauncherRun.of("admin", "--manager", managers, "drain", "nobody");
        assertEquals(2, unknown.exit());
        assertEquals(1, unknown.err().lines().count(), unknown.err());
        assertTrue(unknown.err().contains("no node 'nobody'"), unknown.err());
        LauncherRun unreachable = LauncherRun.of("admin", "--manager", "127.0.0.1:1", "status");
        assertEquals(2, unreachable.exit());
        assertEquals(1, unreachable.err().lines().count(), unreachable.err());
    }
}
