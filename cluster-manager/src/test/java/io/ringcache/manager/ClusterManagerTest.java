package io.ringcache.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.NodeState;
import io.ringcache.protocol.ring.Topology;
import io.ringcache.server.CacheNode;
import io.ringcache.server.NodeContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A manager and real nodes in one JVM: registration, heartbeats, DOWN and UP again, and pushed epochs. */
class ClusterManagerTest {
    private final List<ClusterManager> managers = new ArrayList<>();
    private final List<CacheNode> nodes = new ArrayList<>();

    @AfterEach
    void stopAll() {
        nodes.forEach(CacheNode::close);
        managers.forEach(ClusterManager::close);
    }

    private ClusterManager manager(String id) throws InterruptedException {
        ClusterManager manager = ClusterManager.start(new ManagerContext().managerId(id).port(0).heartbeatMs(200));
        managers.add(manager);
        return manager;
    }

    private CacheNode node(String id, int port, ClusterManager manager) throws InterruptedException {
        CacheNode node = CacheNode.start(new NodeContext().nodeId(id).port(port).maxMemory(8L << 20).ioThreads(1)
                .managers(List.of("127.0.0.1:" + manager.port())));
        nodes.add(node);
        return node;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private static NodeState stateOf(ClusterManager manager, String id) {
        NodeInfo node = manager.topology().node(id);
        return node == null ? null : node.state();
    }

    @Test
    void nodesRegister_andAllHoldTheManagersEpoch() throws InterruptedException {
        ClusterManager manager = manager("m1");
        for (int i = 0; i < 3; i++) {
            node("n" + i, 0, manager);
        }
        await("three nodes are members", () -> manager.topology().nodes().size() == 3);
        long epoch = manager.topology().epoch();
        await("every node holds epoch " + epoch, () -> nodes.stream().allMatch(n -> n.topology().epoch() == epoch));
        assertTrue(manager.isActive());
        for (NodeInfo node : manager.topology().nodes()) {
            assertEquals(NodeState.UP, node.state());
        }
    }

    @Test
    void silentNode_isMarkedDown_andUpAgainWhenItReturns() throws InterruptedException {
        ClusterManager manager = manager("m1");
        for (int i = 0; i < 3; i++) {
            node("n" + i, 0, manager);
        }
        await("three nodes are members", () -> manager.topology().nodes().size() == 3);
        CacheNode victim = nodes.get(2);
        int port = victim.port();
        long before = manager.topology().epoch();
        victim.close();
        await("n2 is DOWN", () -> stateOf(manager, "n2") == NodeState.DOWN);
        Topology down = manager.topology();
        assertTrue(down.epoch() > before);
        await("the survivors hold the DOWN epoch", () -> nodes.get(0).topology().epoch() >= down.epoch()
                && nodes.get(1).topology().epoch() >= down.epoch());
        nodes.remove(victim);
        node("n2", port, manager);
        await("n2 is UP again", () -> stateOf(manager, "n2") == NodeState.UP);
        assertTrue(manager.topology().epoch() > down.epoch());
    }

    @Test
    void standby_takesOverWhenTheActiveManagerStops_withAHigherEpoch() throws InterruptedException {
        ClusterManager first = ClusterManager.start(new ManagerContext().managerId("m1").port(0).heartbeatMs(200));
        managers.add(first);
        ClusterManager second = ClusterManager.start(new ManagerContext().managerId("m2").port(0).heartbeatMs(200)
                .peers(List.of("127.0.0.1:" + first.port())));
        managers.add(second);
        await("m1 is active and m2 stands by", () -> first.isActive() && !second.isActive());
        for (int i = 0; i < 2; i++) {
            nodes.add(CacheNode.start(new NodeContext().nodeId("n" + i).port(0).maxMemory(8L << 20).ioThreads(1)
                    .managers(List.of("127.0.0.1:" + first.port(), "127.0.0.1:" + second.port()))));
        }
        await("two nodes are members", () -> first.topology().nodes().size() == 2);
        await("m2 mirrors m1", () -> second.topology().epoch() == first.topology().epoch());
        long before = first.topology().epoch();
        first.close();
        managers.remove(first);
        await("m2 is active", second::isActive);
        assertTrue(second.topology().epoch() > before);
        assertEquals(2, second.topology().nodes().size());
        await("the nodes hold m2's epoch",
                () -> nodes.stream().allMatch(n -> n.topology().epoch() == second.topology().epoch()));
    }

    @Test
    void restartedManager_rebuildsMembershipFromTheNodes_withAHigherEpoch() throws InterruptedException {
        ClusterManager manager = manager("m1");
        int port = manager.port();
        for (int i = 0; i < 3; i++) {
            node("n" + i, 0, manager);
        }
        await("three nodes are members", () -> manager.topology().nodes().size() == 3);
        long before = manager.topology().epoch();
        await("every node holds epoch " + before, () -> nodes.stream().allMatch(n -> n.topology().epoch() == before));
        manager.close();
        managers.remove(manager);

        ClusterManager restarted = ClusterManager.start(new ManagerContext().managerId("m1").port(port)
                .heartbeatMs(200));
        managers.add(restarted);
        await("the restarted manager knows the three nodes again", () -> restarted.topology().nodes().size() == 3
                && restarted.topology().nodes().stream().allMatch(n -> n.state() == NodeState.UP));
        assertTrue(restarted.topology().epoch() > before, "epoch " + restarted.topology().epoch() + " after "
                + before);
        long after = restarted.topology().epoch();
        await("every node holds the new epoch", () -> nodes.stream().allMatch(n -> n.topology().epoch() >= after));
    }

    @Test
    void restartedLowerIdManager_takesThePeersMembershipBeforeBecomingActive() throws InterruptedException {
        ClusterManager first = ClusterManager.start(new ManagerContext().managerId("m1").port(0).heartbeatMs(200));
        int firstPort = first.port();
        ClusterManager second = ClusterManager.start(new ManagerContext().managerId("m2").port(0).heartbeatMs(200)
                .peers(List.of("127.0.0.1:" + firstPort)));
        managers.add(second);
        for (int i = 0; i < 2; i++) {
            nodes.add(CacheNode.start(new NodeContext().nodeId("n" + i).port(0).maxMemory(8L << 20).ioThreads(1)
                    .managers(List.of("127.0.0.1:" + firstPort, "127.0.0.1:" + second.port()))));
        }
        await("two nodes are members", () -> first.topology().nodes().size() == 2);
        await("m2 mirrors m1", () -> second.topology().nodes().size() == 2);
        first.close();
        await("m2 is active", second::isActive);
        long secondEpoch = second.topology().epoch();

        ClusterManager restarted = ClusterManager.start(new ManagerContext().managerId("m1").port(firstPort)
                .heartbeatMs(200).peers(List.of("127.0.0.1:" + second.port())));
        managers.add(restarted);
        await("the restarted m1 is active again", () -> restarted.isActive() && !second.isActive());
        assertEquals(2, restarted.topology().nodes().size());
        assertTrue(restarted.topology().epoch() > secondEpoch);
        await("the nodes hold m1's epoch",
                () -> nodes.stream().allMatch(n -> n.topology().epoch() == restarted.topology().epoch()));
    }
}
