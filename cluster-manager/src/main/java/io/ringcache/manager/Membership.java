package io.ringcache.manager;

import io.ringcache.protocol.codec.NodeReport;
import io.ringcache.protocol.ring.NodeInfo;
import io.ringcache.protocol.ring.NodeState;
import io.ringcache.protocol.ring.Topology;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's members and the topology they form. Every change publishes a new topology whose epoch is higher than
 * any epoch seen anywhere (here, on a node, or on a peer manager), so nodes and clients, which only move forward,
 * always take it. Used from the manager's single event-loop thread only.
 *
 * <p>Data moves between epochs: a node enters JOINING (or RECOVERING when it answers again after being DOWN) and is
 * made UP only once the cluster has {@linkplain #settled settled}, that is every live node reports the moves of the
 * current epoch done. A LEAVING node is drained by the same rule, and only then can go without losing anything.
 */
final class Membership {
    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

    private final int replicationFactor;
    private final int vnodes;
    private final Map<String, Member> members = new TreeMap<>();
    /** Ids an operator removed: their own registrations are refused until an operator adds them again. */
    private final Set<String> removed = new HashSet<>();
    private Topology topology;
    private long highestEpochSeen;

    Membership(int replicationFactor, int vnodes) {
        this.replicationFactor = replicationFactor;
        this.vnodes = vnodes;
        this.topology = new Topology(0, List.of(), replicationFactor, vnodes);
    }

    Topology topology() {
        return topology;
    }

    Collection<Member> members() {
        return members.values();
    }

    Member member(String id) {
        return members.get(id);
    }

    /** Remembers an epoch seen elsewhere, so the next topology published is above it. */
    void noteEpoch(long epoch) {
        highestEpochSeen = Math.max(highestEpochSeen, epoch);
    }

    /**
     * Takes a node in, or updates it if its address, zone or weight changed, or starts its recovery if it was DOWN.
     * A new node enters JOINING (it serves once it has received its ranges), unless no node serves yet: then there
     * is nothing to receive, and it enters UP. Returns whether a new topology was published.
     */
    boolean register(NodeInfo node) {
        if (removed.contains(node.id())) {
            return false;
        }
        Member known = members.get(node.id());
        if (known == null) {
            NodeState state = anyServing() ? NodeState.JOINING : NodeState.UP;
            members.put(node.id(), new Member(withState(node, state)));
            return publish("node " + node.id() + " joined at " + node.address() + " as " + state);
        }
        NodeInfo was = known.info;
        NodeState state = was.state() == NodeState.DOWN ? NodeState.RECOVERING : was.state();
        NodeInfo now = withState(node, state);
        if (now.equals(was)) {
            return false;
        }
        known.info = now;
        known.misses = 0;
        return publish("node " + node.id() + " registered again (" + was.state() + " -> " + state + ")");
    }

    /** An operator adds a node by hand: it may join even if it was removed before. */
    boolean add(NodeInfo node) {
        removed.remove(node.id());
        return register(node);
    }

    /** Whether an operator removed this node (its own registrations are refused). */
    boolean isRemoved(String id) {
        return removed.contains(id);
    }

    /** Moves a node to {@code state}; returns whether a new topology was published. */
    boolean setState(String id, NodeState state, String why) {
        Member member = members.get(id);
        if (member == null || member.info.state() == state) {
            return false;
        }
        member.info = withState(member.info, state);
        if (state == NodeState.UP) {
            member.misses = 0;
        }
        return publish("node " + id + " is " + state + ": " + why);
    }

    /**
     * Whether every move of the current epoch is done: each node that is not DOWN answered its last heartbeat,
     * saying it finished the moves of this epoch (or a newer one) and runs no transfer. A node that missed its last
     * heartbeat holds this back until it answers again or is marked DOWN.
     */
    boolean settled() {
        for (Member member : members.values()) {
            if (member.info.state() == NodeState.DOWN) {
                continue;
            }
            NodeReport report = member.lastReport;
            if (member.misses > 0 || report == null || report.syncedEpoch() < topology.epoch()
                    || !report.transfers().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Whether a node is LEAVING and everything it held has moved to its next holders: it can go without loss. */
    boolean isDrained(Member member) {
        return member.info.state() == NodeState.LEAVING && settled();
    }

    /**
     * Once the cluster has {@linkplain #settled settled}, makes every JOINING and RECOVERING node UP in one new
     * epoch. Returns whether a new topology was published (not when no node was coming in).
     */
    boolean finishArrivals() {
        if (!settled()) {
            return false;
        }
        List<String> arrived = new ArrayList<>();
        for (Member member : members.values()) {
            NodeState state = member.info.state();
            if (state == NodeState.JOINING || state == NodeState.RECOVERING) {
                member.info = withState(member.info, NodeState.UP);
                arrived.add(member.info.id());
            }
        }
        return !arrived.isEmpty() && publish("moves of epoch " + topology.epoch() + " done, UP: " + arrived);
    }

    /** Drops a node from the cluster; returns whether it was a member. */
    boolean remove(String id) {
        if (members.remove(id) == null) {
            return false;
        }
        removed.add(id);
        return publish("node " + id + " removed");
    }

    /** Takes over another party's topology (the active manager's, for a standby) if it is newer. */
    void mirror(Topology active) {
        if (active.epoch() <= topology.epoch()) {
            noteEpoch(active.epoch());
            return;
        }
        noteEpoch(active.epoch());
        Map<String, Member> previous = new TreeMap<>(members);
        members.clear();
        for (NodeInfo node : active.nodes()) {
            Member member = previous.getOrDefault(node.id(), new Member(node));
            member.info = node;
            members.put(node.id(), member);
        }
        topology = active;
    }

    private boolean anyServing() {
        for (Member member : members.values()) {
            if (member.info.state().eligibleOnCurrent()) {
                return true;
            }
        }
        return false;
    }

    /** Publishes the current members again under a new epoch: what a manager does when it becomes active. */
    void republish(String why) {
        publish(why);
    }

    private boolean publish(String why) {
        List<NodeInfo> nodes = new ArrayList<>();
        for (Member member : members.values()) {
            nodes.add(member.info);
        }
        long epoch = Math.max(topology.epoch(), highestEpochSeen) + 1;
        topology = new Topology(epoch, nodes, replicationFactor, vnodes);
        highestEpochSeen = epoch;
        LOG.info("epoch {}: {} ({} nodes)", epoch, why, nodes.size());
        return true;
    }

    private static NodeInfo withState(NodeInfo node, NodeState state) {
        return new NodeInfo(node.id(), node.host(), node.port(), node.zone(), node.weight(), state);
    }
}
