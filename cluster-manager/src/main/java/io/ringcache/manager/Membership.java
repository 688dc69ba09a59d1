package io.ringcache.manager;

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
     * Takes a node in, or updates it if its address, zone or weight changed, or brings it back UP if it was DOWN.
     * Returns whether a new topology was published.
     */
    boolean register(NodeInfo node) {
        if (removed.contains(node.id())) {
            return false;
        }
        Member known = members.get(node.id());
        if (known == null) {
            members.put(node.id(), new Member(withState(node, NodeState.UP)));
            return publish("node " + node.id() + " joined at " + node.address());
        }
        NodeInfo was = known.info;
        NodeState state = was.state() == NodeState.DOWN ? NodeState.UP : was.state();
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
