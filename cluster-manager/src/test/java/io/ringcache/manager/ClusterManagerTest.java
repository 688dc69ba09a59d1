package io.ringcache.manager;

import static io.ringcache.manager.TestCluster.address;
import static io.ringcache.manager.TestCluster.await;
import static io.ringcache.manager.TestCluster.stateOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.NodeState;
import io.ringcache.protocol.ring.Topology;
import io.ringcache.server.CacheNode;
import io.ringcache.server.NodeContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A manager and nodes in one JVM: registration, heartbeats, DOWN and back, pushed epochs, and managers taking over.
 * Stand-in nodes report their moves done at once, so joining and recovering nodes become UP promptly.
 */
class ClusterManagerTest {
    private final TestCluster cluster = new TestCluster();
    private final List<CacheNode> realNodes = new ArrayList<>();

    @AfterEach
    void stopAll() {
        realNodes.forEach(CacheNode::close);
        cluster.close();
    }

    private static boolean allHold(List<StandInNode> nodes, long epoch) {
        return nodes.stream().allMatch(n -> n.topology().epoch() == epoch);
    }

    @Test
    void nodesRegister_joinAndAreUpOnceSynced_andAllHoldTheManagersEpoch() throws InterruptedException {
        ClusterManager manager = cluster.manager("m1", 0);
        List<StandInNode> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(cluster.node("n" + i, manager));
        }
        await("three nodes are UP", () -> manager.topology().nodes().size() == 3
                && manager.topology().nodes().stream().allMatch(n -> n.state() == NodeState.UP));
        long epoch = manager.topology().epoch();
        await("every node holds epoch " + epoch, () -> allHold(nodes, epoch));
        assertTrue(manager.isActive());
    }

    @Test
    void silentNode_isMarkedDown_andRecoveringWhenItAnswersAgain_thenUpOnceSynced() throws InterruptedException {
        ClusterManager manager = cluster.manager("m1", 0);
        List<StandInNode> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(cluster.node("n" + i, manager));
        }
        await("three nodes are UP", () -> manager.topology().nodes().stream()
                .filter(n -> n.state() == NodeState.UP).count() == 3);
        long before = manager.topology().epoch();
        nodes.get(2).silent(true);
        await("n2 is DOWN", () -> stateOf(manager, "n2") == NodeState.DOWN);
        Topology down = manager.topology();
        assertTrue(down.epoch() > before);
        await("the survivors hold the DOWN epoch", () -> allHold(nodes.subList(0, 2), down.epoch()));

        nodes.get(0).holdSync();
        nodes.get(2).silent(false);
        await("n2 is RECOVERING", () -> stateOf(manager, "n2") == NodeState.RECOVERING);
        long recovering = manager.topology().epoch();
        assertTrue(recovering > down.epoch());
        Thread.sleep(5 * TestCluster.HEARTBEAT_MS);
        assertEquals(NodeState.RECOVERING, stateOf(manager, "n2"), "UP while n0 has not synced");
        nodes.get(0).syncPromptly();
        await("n2 is UP", () -> stateOf(manager, "n2") == NodeState.UP);
        assertEquals(recovering + 1, manager.topology().epoch());
    }

    @Test
    void restartedNode_registersAsRecovering_andIsUpOnceSynced() throws InterruptedException {
        ClusterManager manager = cluster.manager("m1", 0);
        StandInNode first = cluster.node("n0", manager);
        StandInNode victim = cluster.node("n1", manager);
        await("two nodes are UP", () -> stateOf(manager, "n0") == NodeState.UP
                && stateOf(manager, "n1") == NodeState.UP);
        int port = victim.port();
        cluster.stop(victim);
        await("n1 is DOWN", () -> stateOf(manager, "n1") == NodeState.DOWN);
        await("n0 holds the DOWN epoch", () -> first.topology().epoch() == manager.topology().epoch());

        first.holdSync();
        cluster.node("n1", port, manager);
        await("n1 is RECOVERING", () -> stateOf(manager, "n1") == NodeState.RECOVERING);
        first.syncPromptly();
        await("n1 is UP", () -> stateOf(manager, "n1") == NodeState.UP);
    }

    @Test
    void nodeThatRestartsWithoutRegistering_isTakenForRestartedByItsHeartbeatAnswer() throws InterruptedException {
        ClusterManager manager = cluster.manager("m1", 0);
        cluster.node("n0", manager);
        StandInNode victim = cluster.node("n1", manager);
        await("two nodes are UP", () -> stateOf(manager, "n0") == NodeState.UP
                && stateOf(manager, "n1") == NodeState.UP);
        await("n1 reported holding the epoch", () -> victim.topology().epoch() == manager.topology().epoch());
        int port = victim.port();
        cluster.stop(victim);
        cluster.node("n1", port);
        await("n1, answering with no topology, is RECOVERING", () -> stateOf(manager, "n1") == NodeState.RECOVERING
                || stateOf(manager, "n1") == NodeState.DOWN);
    }

    @Test
    void standby_takesOverWhenTheActiveManagerStops_withAHigherEpoch() throws InterruptedException {
        ClusterManager first = cluster.manager("m1", 0);
        ClusterManager second = cluster.manager("m2", 0, address(first));
        await("m1 is active and m2 stands by", () -> first.isActive() && !second.isActive());
        List<StandInNode> nodes = List.of(cluster.node("n0", first, second), cluster.node("n1", first, second));
        await("two nodes are UP", () -> first.topology().nodes().size() == 2
                && first.topology().nodes().stream().allMatch(n -> n.state() == NodeState.UP));
        await("m2 mirrors m1", () -> second.topology().epoch() == first.topology().epoch());
        long before = first.topology().epoch();
        cluster.stop(first);
        await("m2 is active", second::isActive);
        assertTrue(second.topology().epoch() > before);
        assertEquals(2, second.topology().nodes().size());
        await("the nodes hold m2's epoch", () -> allHold(nodes, second.topology().epoch()));
    }

    @Test
    void restartedManager_rebuildsMembershipFromTheNodes_withAHigherEpoch() throws InterruptedException {
        ClusterManager manager = cluster.manager("m1", 0);
        int port = manager.port();
        List<StandInNode> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(cluster.node("n" + i, manager));
        }
        await("three nodes are UP", () -> manager.topology().nodes().stream()
                .filter(n -> n.state() == NodeState.UP).count() == 3);
        long before = manager.topology().epoch();
        await("every node holds epoch " + before, () -> allHold(nodes, before));
        cluster.stop(manager);

        ClusterManager restarted = cluster.manager("m1", port);
        await("the restarted manager knows the three nodes again", () -> restarted.topology().nodes().size() == 3
                && restarted.topology().nodes().stream().allMatch(n -> n.state() == NodeState.UP));
        assertTrue(restarted.topology().epoch() > before, "epoch " + restarted.topology().epoch() + " after "
                + before);
        long after = restarted.topology().epoch();
        await("every node holds the new epoch", () -> nodes.stream().allMatch(n -> n.topology().epoch() >= after));
    }

    @Test
    void restartedLowerIdManager_takesThePeersMembershipBeforeBecomingActive() throws InterruptedException {
        ClusterManager first = cluster.manager("m1", 0);
        int firstPort = first.port();
        ClusterManager second = cluster.manager("m2", 0, address(first));
        List<StandInNode> nodes = List.of(cluster.node("n0", first, second), cluster.node("n1", first, second));
        await("two nodes are members", () -> first.topology().nodes().size() == 2);
        await("m2 mirrors m1", () -> second.topology().nodes().size() == 2);
        cluster.stop(first);
        await("m2 is active", second::isActive);
        long secondEpoch = second.topology().epoch();

        ClusterManager restarted = cluster.manager("m1", firstPort, address(second));
        await("the restarted m1 is active again", () -> restarted.isActive() && !second.isActive());
        assertEquals(2, restarted.topology().nodes().size());
        assertTrue(restarted.topology().epoch() > secondEpoch);
        await("the nodes hold m1's epoch", () -> allHold(nodes, restarted.topology().epoch()));
    }

    @Test
    void realNodes_register_theFirstUp_andHoldTheManagersEpoch() throws InterruptedException {
        ClusterManager manager = cluster.manager("m1", 0);
        for (int i = 0; i < 3; i++) {
            realNodes.add(CacheNode.start(new NodeContext().nodeId("n" + i).port(0).maxMemory(8L << 20)
                    .ioThreads(1).managers(List.of(address(manager)))));
            int members = i + 1;
            await(members + " nodes are members", () -> manager.topology().nodes().size() == members);
        }
        assertEquals(NodeState.UP, stateOf(manager, "n0"), "the first node enters UP: there is nothing to receive");
        for (NodeInfo node : manager.topology().nodes()) {
            assertTrue(node.state() == NodeState.UP || node.state() == NodeState.JOINING, node.toString());
        }
        await("every node holds the manager's epoch", () -> realNodes.stream()
                .allMatch(n -> n.topology().epoch() == manager.topology().epoch()));
    }
}
