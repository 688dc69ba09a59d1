package io.ringcache.manager;

import static io.ringcache.manager.TestCluster.admin;
import static io.ringcache.manager.TestCluster.address;
import static io.ringcache.manager.TestCluster.await;
import static io.ringcache.manager.TestCluster.nodeIn;
import static io.ringcache.manager.TestCluster.refused;
import static io.ringcache.manager.TestCluster.stateOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringcache.protocol.codec.NodeReport.Transfer;
import io.ringcache.protocol.codec.RequestEncoder;
import io.ringcache.protocol.ring.NodeState;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the manager paces data moves by what the nodes report: joining nodes are UP only once every live node has
 * finished the moves of the current epoch, drained nodes are shown and may be removed, removals that would lose
 * copies are refused, the pause flag reaches the nodes and holds the joiners back, and status shows the transfers.
 */
class MovesTest {
    /** Long enough for several heartbeats to come and go. */
    private static final long A_WHILE_MS = 6 * TestCluster.HEARTBEAT_MS;

    private final TestCluster cluster = new TestCluster();

    @AfterEach
    void stopAll() {
        cluster.close();
    }

    private static JsonNode status(ClusterManager... to) {
        return admin("{\"command\":\"status\"}", to);
    }

    /** One UP stand-in node that holds the manager's current epoch. */
    private StandInNode firstNode(ClusterManager manager, ClusterManager... managers) throws InterruptedException {
        StandInNode node = cluster.node("n1", managers.length == 0 ? new ClusterManager[] {manager} : managers);
        await("n1 is UP and holds the epoch", () -> stateOf(manager, "n1") == NodeState.UP
                && node.topology().epoch() == manager.topology().epoch());
        return node;
    }

    @Test
    void secondNode_joins_andIsUpOnlyOnceEveryNodeReportsTheEpochSyncedWithNoTransfers() throws Exception {
        ClusterManager manager = cluster.manager("m1", 0);
        StandInNode first = firstNode(manager);
        first.holdSync();
        StandInNode second = cluster.node("n2", manager);
        await("n2 is JOINING", () -> stateOf(manager, "n2") == NodeState.JOINING);
        long joined = manager.topology().epoch();
        await("both hold the epoch n2 joined at", () -> first.topology().epoch() == joined
                && second.topology().epoch() == joined);

        Thread.sleep(A_WHILE_MS);
        assertEquals(NodeState.JOINING, stateOf(manager, "n2"), "UP while n1 reports an older synced epoch");
        JsonNode status = status(manager);
        assertEquals(joined - 1, nodeIn(status, "n1").get("synced_epoch").asLong());
        assertEquals(joined, nodeIn(status, "n2").get("synced_epoch").asLong());

        first.transfers(List.of(new Transfer("n2", 5, 500, 5, 500)));
        first.syncPromptly();
        Thread.sleep(A_WHILE_MS);
        assertEquals(NodeState.JOINING, stateOf(manager, "n2"), "UP while n1 still streams to it");
        assertEquals(joined, manager.topology().epoch());

        first.transfers(List.of());
        await("n2 is UP", () -> stateOf(manager, "n2") == NodeState.UP);
        assertEquals(joined + 1, manager.topology().epoch(), "one epoch makes the joiner UP");
        Thread.sleep(A_WHILE_MS);
        assertEquals(joined + 1, manager.topology().epoch(), "a settled cluster publishes nothing");
    }

    @Test
    void addNode_entersUpInAnEmptyCluster_andJoiningOnceANodeServes() throws Exception {
        ClusterManager manager = cluster.manager("m1", 0);
        StandInNode first = cluster.node("a", 0);
        StandInNode second = cluster.node("b", 0);
        JsonNode added = admin("{\"command\":\"add-node\",\"id\":\"a\",\"address\":\"" + first.address() + "\"}",
                manager);
        assertEquals("UP", added.get("state").asText());
        await("a holds the epoch", () -> first.topology().epoch() == manager.topology().epoch());
        first.holdSync();
        added = admin("{\"command\":\"add-node\",\"id\":\"b\",\"address\":\"" + second.address() + "\"}", manager);
        assertEquals("JOINING", added.get("state").asText());
        assertEquals(NodeState.JOINING, stateOf(manager, "b"));
        first.syncPromptly();
        await("b is UP", () -> stateOf(manager, "b") == NodeState.UP);
    }

    @Test
    void drainedNode_isShownOnceItsMovesAreDone_andStaysLeavingUntilRemovedWithoutForce() throws Exception {
        ClusterManager manager = cluster.manager("m1", 0);
        StandInNode first = firstNode(manager);
        StandInNode second = cluster.node("n2", manager);
        await("n2 is UP", () -> stateOf(manager, "n2") == NodeState.UP
                && second.topology().epoch() == manager.topology().epoch());
        first.holdSync();

        JsonNode drained = admin("{\"command\":\"drain\",\"node\":\"n2\"}", manager);
        assertEquals("LEAVING", drained.get("state").asText());
        long leaving = manager.topology().epoch();
        Thread.sleep(A_WHILE_MS);
        assertFalse(nodeIn(status(manager), "n2").get("drained").asBoolean());
        String refusal = refused("{\"command\":\"remove\",\"node\":\"n2\"}", manager);
        assertTrue(refusal.contains("n2 is LEAVING but not drained yet") && refusal.contains("--force"), refusal);

        first.syncPromptly();
        await("n2 is drained", () -> nodeIn(status(manager), "n2").get("drained").asBoolean());
        assertEquals(NodeState.LEAVING, stateOf(manager, "n2"), "a drained node serves until it is removed");
        assertEquals(leaving, manager.topology().epoch(), "draining publishes nothing more");
        assertFalse(nodeIn(status(manager), "n1").get("drained").asBoolean());

        admin("{\"command\":\"remove\",\"node\":\"n2\"}", manager);
        assertNull(stateOf(manager, "n2"));
    }

    @Test
    void remove_refusesNodesWhoseCopiesHaveNotMoved_unlessForced_butTakesDownNodes() throws Exception {
        ClusterManager manager = cluster.manager("m1", 0);
        StandInNode first = firstNode(manager);
        StandInNode second = cluster.node("n2", manager);
        await("n2 is UP", () -> stateOf(manager, "n2") == NodeState.UP
                && second.topology().epoch() == manager.topology().epoch());
        first.holdSync();
        cluster.node("n3", manager);
        await("n3 is JOINING", () -> stateOf(manager, "n3") == NodeState.JOINING);

        String up = refused("{\"command\":\"remove\",\"node\":\"n1\"}", manager);
        assertTrue(up.contains("node n1 is UP") && up.contains("drain it") && up.contains("--force"), up);
        String joining = refused("{\"command\":\"remove\",\"node\":\"n3\"}", manager);
        assertTrue(joining.contains("node n3 is JOINING") && joining.contains("--force"), joining);
        String drainJoining = refused("{\"command\":\"drain\",\"node\":\"n3\"}", manager);
        assertTrue(drainJoining.contains("only an UP node can be drained"), drainJoining);

        second.silent(true);
        await("n2 is DOWN", () -> stateOf(manager, "n2") == NodeState.DOWN);
        second.silent(false);
        await("n2 is RECOVERING", () -> stateOf(manager, "n2") == NodeState.RECOVERING);
        String recovering = refused("{\"command\":\"remove\",\"node\":\"n2\"}", manager);
        assertTrue(recovering.contains("node n2 is RECOVERING") && recovering.contains("--force"), recovering);
        second.silent(true);
        await("n2 is DOWN again", () -> stateOf(manager, "n2") == NodeState.DOWN);
        JsonNode removedDown = admin("{\"command\":\"remove\",\"node\":\"n2\"}", manager);
        assertEquals("DOWN", removedDown.get("state").asText());
        assertNull(stateOf(manager, "n2"));

        admin("{\"command\":\"remove\",\"node\":\"n3\",\"force\":true}", manager);
        assertNull(stateOf(manager, "n3"));
        admin("{\"command\":\"remove\",\"node\":\"n1\",\"force\":true}", manager);
        assertNull(stateOf(manager, "n1"));
    }

    @Test
    void pause_reachesTheNodes_andHoldsAJoinerBack_untilResumed() throws Exception {
        ClusterManager manager = cluster.manager("m1", 0);
        StandInNode first = firstNode(manager);
        await("heartbeats carry no flag", () -> first.lastHeartbeatFlags() == 0);
        JsonNode paused = admin("{\"command\":\"rebalance\",\"action\":\"pause\"}", manager);
        assertEquals("paused", paused.get("rebalance").asText());
        await("heartbeats carry the pause", () -> first.lastHeartbeatFlags()
                == RequestEncoder.HEARTBEAT_TRANSFERS_PAUSED);
        assertEquals("paused", status(manager).get("rebalance").asText());

        StandInNode second = cluster.node("n2", manager);
        await("n2 is JOINING and synced", () -> stateOf(manager, "n2") == NodeState.JOINING
                && second.topology().epoch() == manager.topology().epoch());
        Thread.sleep(A_WHILE_MS);
        assertEquals(NodeState.JOINING, stateOf(manager, "n2"), "UP while transfers are paused");

        assertEquals("running", admin("{\"command\":\"rebalance\",\"action\":\"resume\"}", manager)
                .get("rebalance").asText());
        await("n2 is UP", () -> stateOf(manager, "n2") == NodeState.UP);
        await("heartbeats carry no flag again", () -> first.lastHeartbeatFlags() == 0
                && second.lastHeartbeatFlags() == 0);
    }

    @Test
    void pause_isMirroredByTheStandby_andOutlivesATakeOver() throws Exception {
        ClusterManager active = cluster.manager("m1", 0);
        ClusterManager standby = cluster.manager("m2", 0, address(active));
        await("m1 is active and m2 stands by", () -> active.isActive() && !standby.isActive());
        StandInNode first = firstNode(active, active, standby);
        admin("{\"command\":\"rebalance\",\"action\":\"pause\"}", standby, active);
        await("m2 mirrors the pause", standby::transfersPaused);

        cluster.stop(active);
        await("m2 is active", standby::isActive);
        assertEquals("paused", status(standby).get("rebalance").asText());
        StandInNode second = cluster.node("n2", standby);
        await("n2 is JOINING", () -> stateOf(standby, "n2") == NodeState.JOINING
                && second.topology().epoch() == standby.topology().epoch());
        Thread.sleep(A_WHILE_MS);
        assertEquals(NodeState.JOINING, stateOf(standby, "n2"), "UP while transfers are paused");
        assertEquals(RequestEncoder.HEARTBEAT_TRANSFERS_PAUSED, first.lastHeartbeatFlags());

        admin("{\"command\":\"rebalance\",\"action\":\"resume\"}", standby);
        await("n2 is UP", () -> stateOf(standby, "n2") == NodeState.UP);
    }

    @Test
    void statusJson_carriesTransfers_syncedEpochs_andTheRebalanceState() throws Exception {
        ClusterManager manager = cluster.manager("m1", 0);
        StandInNode first = firstNode(manager);
        StandInNode second = cluster.node("n2", manager);
        await("n2 is UP", () -> stateOf(manager, "n2") == NodeState.UP);
        JsonNode quiet = status(manager);
        assertEquals(0, quiet.get("transfers").size());
        assertEquals("running", quiet.get("rebalance").asText());

        first.transfers(List.of(new Transfer("n2", 10, 1_000, 30, 3_000)));
        second.transfers(List.of(new Transfer("n1", 1, 2, 3, 4), new Transfer("n3", 5, 6, 7, 8)));
        await("status shows three transfers", () -> status(manager).get("transfers").size() == 3);
        JsonNode status = status(manager);
        JsonNode transfer = status.get("transfers").get(0);
        assertEquals("n1", transfer.get("from").asText());
        assertEquals("n2", transfer.get("to").asText());
        assertEquals(10, transfer.get("keys_done").asLong());
        assertEquals(1_000, transfer.get("bytes_done").asLong());
        assertEquals(30, transfer.get("keys_left").asLong());
        assertEquals(3_000, transfer.get("bytes_left").asLong());
        assertEquals("n2", status.get("transfers").get(2).get("from").asText());
        assertEquals("n3", status.get("transfers").get(2).get("to").asText());
        for (JsonNode node : status.get("nodes")) {
            assertEquals(status.get("epoch").asLong(), node.get("synced_epoch").asLong(), node.toString());
            assertFalse(node.get("drained").asBoolean());
        }

        first.transfers(List.of());
        second.transfers(List.of());
        await("status shows no transfer", () -> status(manager).get("transfers").isEmpty());
    }
}
