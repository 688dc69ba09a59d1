package io.ringcache.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The options, workloads and /proc figures the comparison reads. */
class CompareOptionsTest {

    @Test
    void optionsAreReadByNameAndAnUnknownOneIsRefused() {
        Args args = new Args(new String[] {"run", "--keys", "1_000_000", "--duration", "500ms", "--label", "x y"}, 1);
        assertEquals(1_000_000, args.number("keys", 1));
        assertEquals(Duration.ofMillis(500), args.duration("duration", "20s"));
        assertEquals("x y", args.required("label"));
        assertEquals(32, args.integer("sessions", 32));
        args.checkAllUsed();

        Args typo = new Args(new String[] {"--kyes", "5"}, 0);
        assertEquals(1, typo.number("keys", 1));
        assertThrows(IllegalArgumentException.class, typo::checkAllUsed);
        assertThrows(IllegalArgumentException.class, () -> new Args(new String[] {"--keys"}, 0));
        assertThrows(IllegalArgumentException.class, () -> typo.required("out"));
    }

    @Test
    void durationsTakeTheScriptsUnits() {
        assertEquals(Duration.ofSeconds(20), Args.parseDuration("d", "20s"));
        assertEquals(Duration.ofMinutes(2), Args.parseDuration("d", "2m"));
        assertEquals(Duration.ZERO, Args.parseDuration("d", "0"));
        assertEquals(Duration.ZERO, Args.parseDuration("d", "0s"));
        assertThrows(IllegalArgumentException.class, () -> Args.parseDuration("d", "20"));
        assertThrows(IllegalArgumentException.class, () -> Args.parseDuration("d", "s"));
        assertThrows(IllegalArgumentException.class, () -> Args.parseDuration("d", "1h"));
    }

    @Test
    void theStandardWorkloadsAreIssueSixs() {
        assertEquals(6, Workload.STANDARD.size());
        assertEquals("90/10 read/write, zipf 0.99, 1 KiB", Workload.select("read90-zipf").get(0).label());
        assertEquals("MGET 100 keys, uniform, 1 KiB", Workload.select("mget100-uniform").get(0).label());
        assertEquals("90/10 read/write, uniform, 32 B", Workload.select("small32-read90-uniform").get(0).label());
        assertEquals(List.of("read50-uniform", "read90-uniform"),
                Workload.select("read50-uniform,read90-uniform").stream().map(Workload::name).sorted().toList());
        assertThrows(IllegalArgumentException.class, () -> Workload.select("read90"));
    }

    @Test
    void rssIsReadFromTheStatusFile() {
        String status = "Name:\tredis-server\nVmPeak:\t  99999 kB\nVmRSS:\t    8192 kB\nRssAnon:\t 4096 kB\n";
        assertEquals(8192L * 1024, Rss.parse(status));
        assertThrows(IllegalArgumentException.class, () -> Rss.parse("Name:\tkthreadd\n"));
    }

    /** Readings in MiB, one per poll; the last repeats once the list is used up. */
    private static Rss.Source readings(long... mebibytes) {
        Iterator<Long> next = Arrays.stream(mebibytes).iterator();
        long[] last = {0};
        return () -> {
            if (next.hasNext()) {
                last[0] = next.next() << 20;
            }
            return last[0];
        };
    }

    private static Rss.Reading settle(Rss.Source source) throws Exception {
        Duration poll = Duration.ofMillis(1);
        return Rss.settled(source, Duration.ofMillis(2), Duration.ofMillis(3), Duration.ofMillis(20), poll);
    }

    @Test
    void anRssReadingWaitsUntilTheProcessStopsGivingMemoryBack() throws Exception {
        Rss.Reading steady = settle(readings(100));
        assertEquals(100L << 20, steady.bytes());
        assertEquals(3, steady.waitedMillis(), "at least 2 ms, and 3 ms of readings to look back on");
        assertTrue(steady.settled());

        Rss.Reading trimmed = settle(readings(130, 130, 110, 110, 110, 100));
        assertEquals(100L << 20, trimmed.bytes(), "the memory given back at the last trim is not counted");
        assertEquals(8, trimmed.waitedMillis(), "3 ms with no fall after the last one");
        assertTrue(trimmed.settled());

        Rss.Reading growing = settle(readings(100, 101, 102, 103, 104));
        assertEquals(103L << 20, growing.bytes(), "growth is memory in use: settled as soon as allowed");
        assertTrue(growing.settled());

        Rss.Reading falling = settle(readings(200, 198, 196, 194, 192, 190, 188, 186, 184, 182, 180, 178, 176, 174,
                172, 170, 168, 166, 164, 162, 160, 158, 156));
        assertEquals(160L << 20, falling.bytes(), "the last reading at the limit");
        assertFalse(falling.settled());
    }

    @Test
    void redisInfoFieldsAreReadByName() {
        String info = "# Memory\r\nused_memory:1048576\r\nused_memory_human:1.00M\r\n";
        assertEquals(1_048_576, RedisStore.infoField(info, "used_memory"));
        assertEquals(-1, RedisStore.infoField(info, "maxmemory"));
    }

    @Test
    void addressesAreHostAndPort() {
        assertEquals(new HostPort("127.0.0.1", 6379), HostPort.parse("127.0.0.1:6379"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("127.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("127.0.0.1:0"));
    }
}
