package io.ringcache.server.replication;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * For each peer, where in this node's {@link ReplicationBacklog} the writes it may have missed begin, and which
 * incarnation (process lifetime) of the peer that gap belongs to. A peer whose incarnation is still the same when it
 * comes back kept its memory, so replaying the backlog from its gap is enough; a new incarnation lost everything.
 * Gaps open when a frame for the peer is dropped, when the topology marks the peer DOWN, and when the peer answers as
 * a new incarnation; a completed sync of the peer closes its gap, unless the gap opened again while the sync ran.
 */
public final class PeerGaps {
    /**
     * A peer's gap: the first backlog offset it may lack ({@code -1}: all of it), its incarnation when the gap opened
     * (0: unknown), and a number that changes whenever the gap opens again, so that a sync that began before can
     * tell its work was not the last word.
     */
    public record Gap(long from, long incarnation, long generation) {
    }

    private final AtomicLong generations = new AtomicLong();
    private final Map<String, Long> incarnations = new ConcurrentHashMap<>();
    private final Map<String, Gap> gaps = new ConcurrentHashMap<>();

    /**
     * The peer answered as incarnation {@code incarnation}. A peer heard as another incarnation before restarted
     * and lost its memory: it gets a gap that only a full transfer closes.
     */
    public void heardFrom(String peer, long incarnation) {
        Long known = incarnations.get(peer);
        if (known != null && known == incarnation) {
            return; // what nearly every acknowledgement says: nothing to box or store
        }
        Long was = incarnations.put(peer, incarnation); // of loops hearing a restart at once, one opens the gap
        if (was != null && was != incarnation) {
            gaps.put(peer, new Gap(-1, 0, generations.incrementAndGet()));
        }
    }

    /** Whether this node has heard which incarnation the peer is. */
    public boolean knows(String peer) {
        return incarnations.containsKey(peer);
    }

    /** The peer may lack the records from backlog offset {@code from} on. */
    public void open(String peer, long from) {
        long incarnation = incarnations.getOrDefault(peer, 0L);
        gaps.merge(peer, new Gap(from, incarnation, generations.incrementAndGet()),
                (was, now) -> new Gap(Math.min(was.from(), now.from()), was.incarnation(), now.generation()));
    }

    /** The peer's open gap, or null. */
    public Gap gap(String peer) {
        return gaps.get(peer);
    }

    /** The peer is in sync again up to {@code synced}, the gap read when the sync began (null: there was none). */
    public void close(String peer, Gap synced) {
        if (synced != null) {
            gaps.remove(peer, synced);
        }
    }
}
