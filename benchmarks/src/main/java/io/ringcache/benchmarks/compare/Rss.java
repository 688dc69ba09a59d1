package io.ringcache.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's resident set size, from the {@code VmRSS} line of {@code /proc/<pid>/status}: what the operating
 * system counts, whatever the server counts itself, so one number compares Ringcache's JVM with Redis and Memcached.
 */
final class Rss {

    private Rss() {
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
