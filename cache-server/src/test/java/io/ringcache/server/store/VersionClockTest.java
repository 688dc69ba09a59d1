package io.ringcache.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The hybrid-logical-clock versions: their layout, uniqueness per node and the receive rule. */
class VersionClockTest {

    private static final long NOW = 1_700_000_000_000L;

    @Test
    void versionIsWallClockSequenceAndTag() {
        final VersionClock clock = new VersionClock(0x2a);
        final long first = clock.next(NOW);
        assertEquals(NOW << 16 | 0x2a, first);
        final long second = clock.next(NOW);
        assertEquals(NOW << 16 | 1 << 8 | 0x2a, second);
        assertEquals(NOW, second >>> 16);
        assertEquals(1, (second >>> 8) & 0xff);
        assertEquals(0x2a, second & 0xff);
        assertEquals((NOW + 5) << 16 | 0x2a, clock.next(NOW + 5));
    }

    @Test
    void versionsKeepIncreasingWhenTheSequenceOverflowsOrTheClockStepsBack() {
        final VersionClock clock = new VersionClock(7);
        long previous = 0;
        for (int i = 0; i < 1000; i++) {
            final long version = clock.next(NOW);
            assertTrue(version > previous);
            assertEquals(7, version & 0xff);
            previous = version;
        }
        assertTrue(previous >>> 16 > NOW, "more than 256 writes in a millisecond run into the next one");
        final long afterStepBack = clock.next(NOW - 60_000);
        assertTrue(afterStepBack > previous);
        assertEquals(7, afterStepBack & 0xff);
    }

    @Test
    void nodesWithDistinctTagsNeverIssueTheSameVersion() {
        final VersionClock a = new VersionClock(1);
        final VersionClock b = new VersionClock(2);
        final Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            assertTrue(seen.add(a.next(NOW + i / 100)));
            assertTrue(seen.add(b.next(NOW + i / 100)));
        }
    }

    @Test
    void observeMakesLaterVersionsGreaterAndKeepsTheTag() {
        final VersionClock local = new VersionClock(1);
        final VersionClock remote = new VersionClock(200);
        final long remoteVersion = remote.next(NOW);
        local.observe(remoteVersion);
        final long sameMillisecond = local.next(NOW);
        assertTrue(sameMillisecond > remoteVersion);
        assertEquals(1, sameMillisecond & 0xff);

        final long ahead = remote.next(NOW + 10_000);
        local.observe(ahead);
        final long next = local.next(NOW);
        assertTrue(next > ahead, "a remote clock ahead of ours pulls our versions past it");
        assertEquals(1, next & 0xff);

        local.observe(1);
        assertTrue(local.next(NOW) > next, "observing an old version changes nothing");
    }

    @Test
    void tagOutsideOneByteIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new VersionClock(-1));
        assertThrows(IllegalArgumentException.class, () -> new VersionClock(256));
        assertEquals(255, new VersionClock(255).next(NOW) & 0xff);
    }

    @Test
    void concurrentWritersAndObserversGetDistinctIncreasingVersions() throws Exception {
        final VersionClock clock = new VersionClock(9);
        final int threads = 4;
        final int perThread = 50_000;
        final CyclicBarrier start = new CyclicBarrier(threads);
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            final List<Future<long[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int id = t;
                results.add(pool.submit(() -> {
                    final long[] versions = new long[perThread];
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        if (id == 0 && i % 100 == 0) {
                            clock.observe((NOW + i) << 16 | 3);
                        }
                        versions[i] = clock.next(NOW);
                        if (i > 0) {
                            assertTrue(versions[i] > versions[i - 1]);
                        }
                    }
                    return versions;
                }));
            }
            final Set<Long> all = new HashSet<>();
            for (final Future<long[]> result : results) {
                for (final long version : result.get()) {
                    assertTrue(all.add(version), "version issued twice");
                    assertEquals(9, version & 0xff);
                    assertNotEquals(0, version);
                }
            }
        } finally {
            pool.shutdown();
        }
    }
}
