package io.ringcache.manager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringcache.protocol.codec.NodeReport;
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
    /** What a standby asks the active manager every heartbeat, to mirror its pause flag. */
    static final String REBALANCE_QUERY = "{\"command\":\"rebalance\"}";
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
                answer = drain(command);
                break;
            case "remove":
                answer = remove(command);
                break;
            case "rebalance":
                answer = rebalance(command);
                break;
            default:
                throw new IllegalArgumentException("unknown admin command '" + name
                        + "' (status, ring, epoch, add-node, drain, remove, rebalance)");
        }
        return answer.toString();
    }

    /** Reads the pause flag out of a {@code rebalance} answer (another manager's). */
    boolean pausedIn(String rebalanceAnswer) {
        try {
            return "paused".equals(json.readTree(rebalanceAnswer).path("rebalance").asText());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("rebalance answer is not JSON: " + e.getOriginalMessage());
        }
    }

    private ObjectNode status() {
        Topology topology = membership.topology();
        ObjectNode status = json.createObjectNode();
        status.put("epoch", topology.epoch());
        status.put("active_manager", manager.activeManagerId());
        status.put("replication_factor", topology.replicationFactor());
        status.put("vnodes", topology.vnodesPerNode());
        status.put("rebalance", rebalanceState());
        ArrayNode nodes = status.putArray("nodes");
        ArrayNode transfers = json.createArrayNode();
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
            node.put("synced_epoch", member.lastReport == null ? 0 : member.lastReport.syncedEpoch());
            node.put("drained", membership.isDrained(member));
            if (member.lastReport != null && member.info.state() != NodeState.DOWN) {
                for (NodeReport.Transfer transfer : member.lastReport.transfers()) {
                    transfers.addObject()
                            .put("from", member.info.id())
                            .put("to", transfer.target())
                            .put("keys_done", transfer.keysDone())
                            .put("bytes_done", transfer.bytesDone())
                            .put("keys_left", transfer.keysLeft())
                            .put("bytes_left", transfer.bytesLeft());
                }
            }
        }
        status.set("transfers", transfers);
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
                command.path("weight").asInt(NodeInfo.STANDARD_WEIGHT), NodeState.JOINING);
        if (membership.add(node)) {
            manager.publish();
        }
        return answer(membership.member(id));
    }

    /** Makes an UP node LEAVING: it keeps serving while its ranges stream to their next holders. */
    private ObjectNode drain(JsonNode command) {
        Member member = member(command);
        NodeState state = member.info.state();
        if (state != NodeState.UP && state != NodeState.LEAVING) {
            throw new IllegalArgumentException("node " + member.info.id() + " is " + state
                    + ": only an UP node can be drained");
        }
        if (membership.setState(member.info.id(), NodeState.LEAVING, "drained by an operator")) {
            manager.publish();
        }
        return answer(member);
    }

    /**
     * Takes a node out of the ring. Without {@code force} only a drained LEAVING node (nothing is lost) or a DOWN
     * one (its copies went with it) may go: removing any other would drop copies that have not moved yet.
     */
    private ObjectNode remove(JsonNode command) {
        Member member = member(command);
        String id = member.info.id();
        NodeState state = member.info.state();
        if (!command.path("force").asBoolean(false) && state != NodeState.DOWN && !membership.isDrained(member)) {
            String why = switch (state) {
                case LEAVING -> "LEAVING but not drained yet (its ranges are still moving): wait until status"
                        + " shows it drained";
                case JOINING -> "JOINING (still receiving its ranges)";
                case RECOVERING -> "RECOVERING (still catching up on its ranges)";
                default -> state + " and holds copies of its ranges: drain it, and remove it once status shows it"
                        + " drained";
            };
            throw new IllegalArgumentException("node " + id + " is " + why + "; --force removes it anyway");
        }
        ObjectNode answer = answer(member);
        if (membership.remove(id)) {
            manager.publish();
        }
        return answer.put("epoch", membership.topology().epoch());
    }

    /** {@code action} pause or resume sets the flag; no action just reads it. */
    private ObjectNode rebalance(JsonNode command) {
        String action = command.path("action").asText("");
        switch (action) {
            case "pause":
                manager.pauseTransfers(true);
                break;
            case "resume":
                manager.pauseTransfers(false);
                break;
            case "":
                break;
            default:
                throw new IllegalArgumentException("rebalance action must be pause or resume, was '" + action + "'");
        }
        return json.createObjectNode().put("epoch", membership.topology().epoch()).put("rebalance", rebalanceState());
    }

    private String rebalanceState() {
        return manager.transfersPaused() ? "paused" : "running";
    }

    private Member member(JsonNode command) {
        String id = command.path("node").asText("");
        Member member = membership.member(id);
        if (member == null) {
            throw new IllegalArgumentException("no node '" + id + "' in the cluster");
        }
        return member;
    }

    /** The answer to a membership change: the epoch, the node, and the state it was left in (before a removal). */
    private ObjectNode answer(Member member) {
        return json.createObjectNode().put("epoch", membership.topology().epoch()).put("node", member.info.id())
                .put("state", member.info.state().name());
    }
}
