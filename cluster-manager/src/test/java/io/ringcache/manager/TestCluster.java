package io.ringcache.manager;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringcache.client.RingcacheException;
import io.ringcache.manager.admin.AdminClient;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.NodeState;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Managers and stand-in nodes on loopback for one test, closed after it, with the waiting and the admin commands
 * the manager tests share. Managers heartbeat every {@value #HEARTBEAT_MS} ms, so tests run quickly.
 */
final class TestCluster implements AutoCloseable {
    static final long HEARTBEAT_MS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ClusterManager> managers = new ArrayList<>();
    private final List<StandInNode> nodes = new ArrayList<>();

    /** Starts a manager on {@code port} (0: any free one) with peer managers at {@code peers} (host:port). */
    ClusterManager manager(String id, int port, String... peers) throws InterruptedException {
        ClusterManager manager = ClusterManager.start(new ManagerContext().managerId(id).port(port)
                .heartbeatMs(HEARTBEAT_MS).peers(Arrays.asList(peers)));
        managers.add(manager);
        return manager;
    }

    /** Starts a stand-in node on {@code port} (0: any free one) that registers with {@code with}. */
    StandInNode node(String id, int port, ClusterManager... with) throws InterruptedException {
        List<String> addresses = new ArrayList<>();
        for (ClusterManager manager : with) {
            addresses.add(address(manager));
        }
        StandInNode node = StandInNode.start(id, port, addresses);
        nodes.add(node);
        return node;
    }

    StandInNode node(String id, ClusterManager... with) throws InterruptedException {
        return node(id, 0, with);
    }

    /** Stops a manager before the test ends. */
    void stop(ClusterManager manager) {
        managers.remove(manager);
        manager.close();
    }

    /** Stops a node before the test ends. */
    void stop(StandInNode node) {
        nodes.remove(node);
        node.close();
    }

    @Override
    public void close() {
        nodes.forEach(StandInNode::close);
        managers.forEach(ClusterManager::close);
    }

    static String address(ClusterManager manager) {
        return "127.0.0.1:" + manager.port();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    static NodeState stateOf(ClusterManager manager, String id) {
        NodeInfo node = manager.topology().node(id);
        return node == null ? null : node.state();
    }

    /** Sends an admin command (JSON) to the active one of {@code to}, as an operator's tool does. */
    static JsonNode admin(String command, ClusterManager... to) {
        List<String> addresses = new ArrayList<>();
        for (ClusterManager manager : to) {
            addresses.add(address(manager));
        }
        try (AdminClient client = new AdminClient(addresses, Duration.ofSeconds(2))) {
            return JSON.readTree(client.execute(command));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends an admin command that must be refused, and returns the manager's message. */
    static String refused(String command, ClusterManager... to) {
        return assertThrows(RingcacheException.class, () -> admin(command, to)).getMessage();
    }

    /** The node object of {@code id} in a status answer. */
    static JsonNode nodeIn(JsonNode status, String id) {
        for (JsonNode node : status.get("nodes")) {
            if (node.get("id").asText().equals(id)) {
                return node;
            }
        }
        throw new AssertionError("no node " + id + " in " + status);
    }
}
