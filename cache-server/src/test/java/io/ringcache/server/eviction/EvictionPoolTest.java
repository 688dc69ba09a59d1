package io.ringcache.server.eviction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The eviction pool keeps the best candidates across sampling rounds. */
class EvictionPoolTest {

    @Test
    void pollBestReturnsCandidatesFromHighestScoreDown() {
        final EvictionPool pool = new EvictionPool(4);
        pool.offer(5, 50, 1, 500);
        pool.offer(9, 90, 1, 900);
        pool.offer(1, 10, 1, 100);
        assertEquals(9, pool.bestScore());
        assertTrue(pool.pollBest());
        assertEquals(90, pool.polledOffset());
        assertEquals(900, pool.polledHash());
        assertTrue(pool.pollBest());
        assertEquals(50, pool.polledOffset());
        assertTrue(pool.pollBest());
        assertEquals(10, pool.polledOffset());
        assertFalse(pool.pollBest());
    }

    @Test
    void fullPoolDropsItsWorstCandidateForABetterOne() {
        final EvictionPool pool = new EvictionPool(2);
        pool.offer(5, 50, 1, 0);
        pool.offer(7, 70, 1, 0);
        pool.offer(3, 30, 1, 0);
        assertEquals(2, pool.size());
        pool.offer(9, 90, 1, 0);
        assertTrue(pool.pollBest());
        assertEquals(90, pool.polledOffset());
        assertTrue(pool.pollBest());
        assertEquals(70, pool.polledOffset());
    }

    @Test
    void offeringTheSameCandidateAgainUpdatesItsScore() {
        final EvictionPool pool = new EvictionPool(4);
        pool.offer(5, 50, 2, 0);
        pool.offer(8, 50, 2, 0);
        assertEquals(1, pool.size());
        assertEquals(8, pool.bestScore());
    }

    @Test
    void lruScoresTheLongestIdleHighest() {
        final LruPolicy lru = new LruPolicy();
        assertTrue(lru.score(1000, 900, 0, 0) > lru.score(1000, 10, 0, 0));
    }
}
