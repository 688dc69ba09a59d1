package io.ringcache.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringcache.manager.ClusterManager;
import io.ringcache.manager.ManagerContext;
import io.ringcache.protocol.ring.NodeState;
import io.ringcache.server.CacheNode;
import io.ringcache.server.NodeContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code ringcache admin}: tables, JSON, membership changes and errors, against a real manager and nodes. */
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
        for (int i = 1; i <= 2; i++) {
            nodes.add(CacheNode.start(new NodeContext().nodeId("n" + i).port(0).maxMemory(8L << 20).ioThreads(1)
                    .managers(List.of("127.0.0.1:" + active.port()))));
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (active.topology().nodes().size() < 2 || standby.isActive()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("cluster did not form: " + active.topology());
            }
            Thread.sleep(20);
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
        LauncherRun json = LauncherRun.of("admin", "--manager", managers, "status", "--json");
        JsonNode status = new ObjectMapper().readTree(json.out());
        assertEquals("m1", status.get("active_manager").asText());
        assertEquals(active.topology().epoch(), status.get("epoch").asLong());
        assertEquals(2, status.get("nodes").size());
        for (JsonNode node : status.get("nodes")) {
            for (String field : new String[] {"id", "address", "state", "items", "used_memory"}) {
                assertTrue(node.has(field), field);
            }
        }
    }

    @Test
    void ring_showsEachNodesShareOfKeys() throws Exception {
        LauncherRun run = LauncherRun.of("admin", "--manager", managers, "ring", "--json");
        JsonNode ring = new ObjectMapper().readTree(run.out());
        double total = 0;
        for (JsonNode node : ring.get("nodes")) {
            assertEquals(160, node.get("vnodes").asInt());
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
        assertTrue(active.topology().epoch() > before);
        assertEquals(NodeState.UP, active.topology().node("n3").state());

        assertEquals(0, LauncherRun.of("admin", "--manager", managers, "drain", "n3").exit());
        assertEquals(NodeState.LEAVING, active.topology().node("n3").state());
        assertEquals(0, LauncherRun.of("admin", "--manager", managers, "remove", "n3").exit());
        assertEquals(null, active.topology().node("n3"));
        assertEquals(String.valueOf(active.topology().epoch()),
                LauncherRun.of("admin", "--manager", managers, "epoch").out().trim());
    }

    @Test
    void removedNode_staysRemoved_thoughItKeepsTryingToRegister() throws Exception {
        assertEquals(0, LauncherRun.of("admin", "--manager", managers, "remove", "n1").exit());
        Thread.sleep(4_000);
        assertEquals(null, active.topology().node("n1"), "n1 came back by registering itself");
        assertEquals(NodeState.UP, active.topology().node("n2").state());
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
