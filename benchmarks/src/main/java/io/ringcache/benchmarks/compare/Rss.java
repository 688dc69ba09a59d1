package io.ringcache.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * A process's resident set size, from the {@code VmRSS} line of {@code /proc/<pid>/status}: what the operating
 * system counts, whatever the server counts itself, so one number compares Ringcache's JVM with Redis and Memcached.
 */
final class Rss {
    /** How much lower than the window's highest reading a reading may be and still count as settled. */
    static final long TOLERANCE_BYTES = 1 << 20;

    /** Where readings come from: {@link #bytes(long)} of a process, or a test's sequence. */
    @FunctionalInterface
    interface Source {
        long bytes() throws IOException;
    }

    /**
     * A settled reading.
     *
     * @param bytes the RSS
     * @param waitedMillis how long the reading waited
     * @param settled false when {@code atMost} passed first, and {@code bytes} is the last reading
     */
    record Reading(long bytes, long waitedMillis, boolean settled) {
    }

    private Rss() {
    }

    /**
     * The RSS once the process has stopped giving memory back: every {@code poll}, from {@code atLeast} on, the first
     * reading within {@link #TOLERANCE_BYTES} of the highest reading of the {@code quiet} before it, or the last
     * reading at {@code atMost}. A JVM holds memory for a while after a burst of work, memory that is no entry's: its
     * compilers' arena chunks, which it frees once they have been unused for a 5 s period, and which the launcher's
     * native trim, every 5 s, then gives back to the system. A {@code quiet} of 10 s waits out both periods. Redis
     * and Memcached settle as soon as the window has passed.
     */
    static Reading settled(Source source, Duration atLeast, Duration quiet, Duration atMost, Duration poll)
            throws IOException, InterruptedException {
        int window = (int) Math.max(1, quiet.toMillis() / poll.toMillis());
        Deque<Long> recent = new ArrayDeque<>();
        for (long waited = 0; ; waited += poll.toMillis()) {
            long bytes = source.bytes();
            recent.addLast(bytes);
            if (recent.size() > window + 1) {
                recent.removeFirst();
            }
            boolean quietLongEnough = recent.size() == window + 1
                    && Collections.max(recent) - bytes <= TOLERANCE_BYTES;
            if (waited >= atLeast.toMillis() && quietLongEnough) {
                return new Reading(bytes, waited, true);
            }
            if (waited >= atMost.toMillis()) {
                return new Reading(bytes, waited, false);
            }
            TimeUnit.MILLISECONDS.sleep(poll.toMillis());
        }
    }

    static long bytes(long pid) throws IOException {
        return parse(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    }

    /** Copies the process's {@code smaps}, its mappings with the resident bytes of each, to {@code target}. */
    static void copySmaps(long pid, Path target) throws IOException {
        Files.writeString(target, Files.readString(Path.of("/proc", Long.toString(pid), "smaps")));
    }

    /** The VmRSS of a status file's text, in bytes. */
    static long parse(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                if (parts.length != 2 || !parts[1].equals("kB")) {
                    throw new IllegalArgumentException("cannot read '" + line + "'");
                }
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        throw new IllegalArgumentException("no VmRSS line: not a /proc/<pid>/status, or a kernel thread");
    }
}
