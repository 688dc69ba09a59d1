package io.ringcache.protocol.ring;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A consistent-hash ring of one {@link Topology}: every placed node (see {@link NodeState}) has
 * {@code vnodesPerNode * weight / 100} virtual points at {@code xxHash64(id + "#" + i)}. {@link #of} builds the
 * current ring (who serves a key now), {@link #pending} the ring that holds once moving nodes have finished.
 *
 * <p>A key is placed by multi-probe consistent hashing (Appleton and O'Reilly, 2015): it is hashed to
 * {@link #PROBES} ring positions, and takes the probe whose next point clockwise is nearest; that point's node is its
 * primary. With 160 random points per node the plain ring (one probe) leaves node shares within about ±15% of the
 * mean on 10 nodes; three probes bring that to about ±7%, at the cost of three searches per lookup. Like the plain
 * ring it stays consistent: a new node's points can only win keys for the new node, and a removed node's keys move
 * to the others.
 *
 * <p>Points and their owners sit in two sorted primitive arrays, so a lookup allocates nothing. A binary search over
 * all of them would take 18 dependent steps on a ring of 256,000 points, most of them far apart in 2 MB of points;
 * instead a bucket index (see {@code bucketStart}) leads each search straight to the one or two points that share
 * the probe's top bits. It finds the same point a binary search would, so it is this implementation's choice and no
 * part of the routing contract.
 *
 * <p>Replicas are the next distinct eligible nodes clockwise from the key's point (a placed node that is not
 * eligible, such as a DOWN one, is walked past); when the nodes name more than one zone, the walk first takes nodes
 * of zones not yet used, then fills up with any distinct node.
 */
public final class HashRing {
    /** Ring positions tried per key; part of the routing contract, so every party must use the same. */
    public static final int PROBES = 3;
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    /** Caps the bucket index at 64 MiB; only rings of more than 2^24 points have fewer buckets than points. */
    private static final int MAX_BUCKET_BITS = 24;

    private final Topology topology;
    private final boolean pending;
    private final NodeInfo[] nodes;
    private final boolean[] eligible;
    private final int[] zoneOfNode;
    private final int zoneCount;
    private final int ownerCount;
    private final int placedCount;
    private final long[] points;
    private final int[] owners;
    /**
     * The bucket index: bucket {@code b} holds the points whose top {@code 64 - bucketShift} bits, read with the sign
     * bit flipped (so that bucket order is the points' signed order), are {@code b}; {@code bucketStart[b]} is the
     * index of the first point in bucket {@code b} or a later one, and the last entry is the point count. The bucket
     * count is the smallest power of two at or above the point count (at most 2^24), so a bucket holds half a point
     * to one point on average, and the index takes 4 to 8 bytes per point, next to the 12 of the points and their
     * owners: 1 MiB for 256,000 points.
     */
    private final int[] bucketStart;
    private final int bucketShift;

    private HashRing(Topology topology, boolean pending) {
        this.topology = topology;
        this.pending = pending;
        List<NodeInfo> members = topology.nodes();
        this.nodes = members.toArray(new NodeInfo[0]);
        this.zoneOfNode = new int[nodes.length];
        this.eligible = new boolean[nodes.length];
        Map<String, Integer> zones = new HashMap<>();
        int owning = 0;
        int placed = 0;
        int total = 0;
        for (int n = 0; n < nodes.length; n++) {
            if (placed(nodes[n])) {
                placed++;
                total += vnodesOf(nodes[n]);
            }
            if (placed(nodes[n]) && eligible(nodes[n])) {
                eligible[n] = true;
                zoneOfNode[n] = zones.computeIfAbsent(nodes[n].zone(), z -> zones.size());
                owning++;
            }
        }
        this.zoneCount = zones.size();
        this.ownerCount = owning;
        this.placedCount = placed;
        long[] byNode = new long[total];
        int at = 0;
        for (NodeInfo node : nodes) {
            if (placed(node)) {
                for (int i = 0, count = vnodesOf(node); i < count; i++) {
                    byNode[at++] = KeyHash.hash(node.id() + "#" + i);
                }
            }
        }
        this.points = byNode.clone();
        Arrays.sort(points);
        this.owners = new int[total];
        Arrays.fill(owners, -1);
        at = 0;
        for (int n = 0; n < nodes.length; n++) {
            if (placed(nodes[n])) {
                for (int i = 0, count = vnodesOf(nodes[n]); i < count; i++) {
                    claim(byNode[at++], n);
                }
            }
        }
        int bits = total < 2 ? 1 : Math.min(MAX_BUCKET_BITS, 32 - Integer.numberOfLeadingZeros(total - 1));
        this.bucketShift = 64 - bits;
        this.bucketStart = new int[(1 << bits) + 1];
        int point = 0;
        for (int b = 0; b < 1 << bits; b++) {
            while (point < total && bucket(points[point]) < b) {
                point++;
            }
            bucketStart[b] = point;
        }
        bucketStart[1 << bits] = total;
    }

    /** Builds the current ring of a topology: who serves each key now. */
    public static HashRing of(Topology topology) {
        return new HashRing(topology, false);
    }

    /** Builds the pending ring of a topology: who serves each key once the moving nodes have finished. */
    public static HashRing pending(Topology topology) {
        return new HashRing(topology, true);
    }

    private boolean placed(NodeInfo node) {
        return pending ? node.state().placedOnPending() : node.state().placedOnCurrent();
    }

    private boolean eligible(NodeInfo node) {
        return pending ? node.state().eligibleOnPending() : node.state().eligibleOnCurrent();
    }

    private int vnodesOf(NodeInfo node) {
        return Math.max(1, (int) ((long) topology.vnodesPerNode() * node.weight() / NodeInfo.STANDARD_WEIGHT));
    }

    /** Gives point {@code hash} to node {@code n}; equal hashes (vanishingly rare) go to nodes in id order. */
    private void claim(long hash, int n) {
        int i = Arrays.binarySearch(points, hash);
        while (i > 0 && points[i - 1] == hash) {
            i--;
        }
        while (owners[i] != -1) {
            i++;
        }
        owners[i] = n;
    }

    public Topology topology() {
        return topology;
    }

    /** The number of nodes in the topology (owning or not); node indexes run from 0 to this minus one. */
    public int nodeCount() {
        return nodes.length;
    }

    /** The node at an index, in the topology's (id) order. */
    public NodeInfo node(int index) {
        return nodes[index];
    }

    /** The number of nodes eligible to hold keys on this ring. */
    public int ownerCount() {
        return ownerCount;
    }

    /** The number of nodes placed on this ring, eligible or not (DOWN nodes count). */
    public int placedCount() {
        return placedCount;
    }

    /** Whether this is a pending ring. */
    public boolean isPending() {
        return pending;
    }

    /** The number of virtual points on the ring. */
    public int pointCount() {
        return points.length;
    }

    /** The index of the node serving a key hash first, or -1 when no node is eligible. */
    public int primary(long keyHash) {
        if (ownerCount == 0) {
            return -1;
        }
        int start = keyPoint(keyHash);
        for (int step = 0; ; step++) {
            int owner = owners[(start + step) % points.length];
            if (eligible[owner]) {
                return owner;
            }
        }
    }

    /**
     * Writes into {@code out} the indexes of the {@code rf} distinct nodes that hold a key hash, primary first, and
     * returns how many it wrote (fewer when fewer nodes own ranges). Allocates nothing.
     */
    public int replicas(long keyHash, int rf, int[] out) {
        int wanted = Math.min(Math.min(rf, ownerCount), out.length);
        if (wanted <= 0) {
            return 0;
        }
        int start = keyPoint(keyHash);
        int found = 0;
        if (zoneCount > 1) {
            found = walk(start, wanted, out, 0, true);
        }
        return walk(start, wanted, out, found, false);
    }

    private int walk(int start, int wanted, int[] out, int found, boolean newZonesOnly) {
        int zonesLeft = zoneCount - found;
        for (int step = 0; step < points.length && found < wanted; step++) {
            int owner = owners[(start + step) % points.length];
            if (!eligible[owner] || contains(out, found, owner)) {
                continue;
            }
            if (newZonesOnly) {
                if (zonesLeft == 0) {
                    break;
                }
                if (zoneTaken(out, found, zoneOfNode[owner])) {
                    continue;
                }
                zonesLeft--;
            }
            out[found++] = owner;
        }
        return found;
    }

    private static boolean contains(int[] out, int count, int node) {
        for (int i = 0; i < count; i++) {
            if (out[i] == node) {
                return true;
            }
        }
        return false;
    }

    private boolean zoneTaken(int[] out, int count, int zone) {
        for (int i = 0; i < count; i++) {
            if (zoneOfNode[out[i]] == zone) {
                return true;
            }
        }
        return false;
    }

    /** The index of the point a key hash belongs to: of its probes, the one nearest to its next point. */
    private int keyPoint(long keyHash) {
        int best = ceiling(keyHash);
        long bestDistance = points[best] - keyHash;
        for (int probe = 1; probe < PROBES; probe++) {
            long position = mix(keyHash + probe * GOLDEN_GAMMA);
            int candidate = ceiling(position);
            long distance = points[candidate] - position;
            if (Long.compareUnsigned(distance, bestDistance) < 0) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** SplitMix64's finalizer: derives well-spread probe positions from the key hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The bucket of a hash: its top bits, with the sign flipped so that bucket order is the signed order. */
    private int bucket(long hash) {
        return (int) ((hash ^ Long.MIN_VALUE) >>> bucketShift);
    }

    /**
     * Index of the first point at or after {@code hash} (signed), wrapping to 0. Points of earlier buckets are all
     * below {@code hash} and points of later ones all above it, so the answer is in the hash's own bucket or is the
     * first point after it.
     */
    private int ceiling(long hash) {
        int b = bucket(hash);
        int at = bucketStart[b];
        int end = bucketStart[b + 1];
        while (at < end && points[at] < hash) {
            at++;
        }
        return at == points.length ? 0 : at;
    }
}
