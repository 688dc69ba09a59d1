package io.ringcache.manager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringcache.protocol.ring.HashRing;
import io.ringcache.protocol.ring.KeyHash;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.NodeState;
import io.ringcache.protocol.ring.Topology;

/**
 * The operators' commands, as the active manager carries them out: each takes a JSON object
 * ({@code {"command": "status"}}) and answers with a JSON document. Errors are thrown as
 * {@link IllegalArgumentException} with a message for the operator.
 */
final class AdminCommands {
    /** Keys sampled to measure each node's share of keys for {@code ring}. */
    private static final int SAMPLE_KEYS = 200_000;

    private final ObjectMapper json = new ObjectMapper();
    private final ClusterManager manager;
    private final Membership membership;

    AdminCommands(ClusterManager manager, Membership membership) {
        this.manager = manager;
        this.membership = membership;
    }

    String execute(String request) {
        JsonNode command;
        try {
            command = json.readTree(request);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("admin command is not JSON: " + e.getOriginalMessage());
        }
        String name = command.path("command").asText("");
        ObjectNode answer;
        switch (name) {
            case "status":
                answer = status();
                break;
            case "ring":
                answer = ring();
                break;
            case "epoch":
                answer = json.createObjectNode().put("epoch", membership.topology().epoch());
                break;
            case "add-node":
                answer = addNode(command);
                break;
            case "drain":
                answer = change(command, "drain");
                break;
            case "remove":
                answer = change(command, "remove");
                break;
            default:
                throw new IllegalArgumentException("unknown admin command '" + name
                        + "' (status, ring, epoch, add-node, drain, remove)");
        }
        return answer.toString();
    }

    private ObjectNode status() {
        Topology topology = membership.topology();
        ObjectNode status = json.createObjectNode();
        status.put("epoch", topology.epoch());
        status.put("active_manager", manager.activeManagerId());
        status.put("replication_factor", topology.replicationFactor());
        status.put("vnodes", topology.vnodesPerNode());
        ArrayNode nodes = status.putArray("nodes");
        for (Member member : membership.members()) {
            ObjectNode node = nodes.addObject();
            node.put("id", member.info.id());
            node.put("address", member.info.address());
            node.put("state", member.info.state().name());
            node.put("zone", member.info.zone());
            node.put("weight", member.info.weight());
            node.put("items", member.lastReport == null ? 0 : member.lastReport.items());
            node.put("used_memory", member.lastReport == null ? 0 : member.lastReport.usedMemory());
            node.put("max_memory", member.lastReport == null ? 0 : member.lastReport.maxMemory());
            node.put("ops_per_sec", Math.round(member.opsPerSecond));
            node.put("epoch", member.heldEpoch());
        }
        ArrayNode managers = status.putArray("managers");
        ObjectNode self = managers.addObject();
        self.put("id", manager.managerId());
        self.put("alive", true);
        long now = System.currentTimeMillis();
        for (Peer peer : manager.peers()) {
            ObjectNode other = managers.addObject();
            other.put("id", peer.lastState == null ? "?" : peer.lastState.managerId());
            other.put("address", peer.address);
            other.put("alive", peer.isAlive(now, 3 * manager.context().heartbeatMs()));
        }
        return status;
    }

    private ObjectNode ring() {
        Topology topology = membership.topology();
        HashRing ring = HashRing.of(topology);
        long[] keys = new long[ring.nodeCount()];
        for (int i = 0; i < SAMPLE_KEYS && ring.pointCount() > 0; i++) {
            keys[ring.primary(KeyHash.hash("sample:" + i))]++;
        }
        ObjectNode answer = json.createObjectNode();
        answer.put("epoch", topology.epoch());
        answer.put("sampled_keys", SAMPLE_KEYS);
        ArrayNode nodes = answer.putArray("nodes");
        for (int n = 0; n < ring.nodeCount(); n++) {
            NodeInfo info = ring.node(n);
            ObjectNode node = nodes.addObject();
            node.put("id", info.id());
            node.put("address", info.address());
            node.put("state", info.state().name());
            node.put("vnodes", info.state().placedOnCurrent()
                    ? Math.max(1, topology.vnodesPerNode() * info.weight() / NodeInfo.STANDARD_WEIGHT) : 0);
            node.put("key_share", (double) keys[n] / SAMPLE_KEYS);
        }
        return answer;
    }

    private ObjectNode addNode(JsonNode command) {
        String address = command.path("address").asText("");
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("add-node needs an address host:port, was '" + address + "'");
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("add-node needs an address host:port, was '" + address + "'");
        }
        String id = command.path("id").asText(address);
        NodeInfo node = new NodeInfo(id, address.substring(0, colon), port, command.path("zone").asText(""),
                command.path("weight").asInt(NodeInfo.STANDARD_WEIGHT), NodeState.UP);
        if (membership.add(node)) {
            manager.publish();
        }
        return json.createObjectNode().put("epoch", membership.topology().epoch()).put("node", id);
    }

    private ObjectNode change(JsonNode command, String what) {
        String id = command.path("node").asText("");
        if (membership.member(id) == null) {
            throw new IllegalArgumentException("no node '" + id + "' in the cluster");
        }
        boolean changed = what.equals("drain")
                ? membership.setState(id, NodeState.LEAVING, "drained by an operator")
                : membership.remove(id);
        if (changed) {
            manager.publish();
        }
        return json.createObjectNode().put("epoch", membership.topology().epoch()).put("node", id);
    }
}
