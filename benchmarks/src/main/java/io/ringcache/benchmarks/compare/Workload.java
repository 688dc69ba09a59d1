package io.ringcache.benchmarks.compare;

import java.util.List;

/**
 * One row group of the comparison: what each closed-loop session asks for. A workload with {@code batch > 0} only
 * reads, {@code batch} keys per request (Ringcache getAll, Redis MGET, Memcached multi-key get); the others mix
 * single-key reads and writes by {@code readRatio}.
 *
 * @param name the short name the JSON line and the {@code --workloads} option use
 * @param readRatio share of single-key operations that are reads, 0..1
 * @param distribution {@code uniform} or {@code zipf:<exponent>}, as {@code KeyChooser} takes it
 * @param valueSize bytes of every value written, and preloaded before the workload runs
 * @param batch keys per batched read, or 0 for single-key operations
 */
public record Workload(String name, double readRatio, String distribution, int valueSize, int batch) {

    /** Issue 6's set: 100 B keys over the key space, 1 KiB values unless said otherwise. */
    public static final List<Workload> STANDARD = List.of(
            new Workload("read90-uniform", 0.9, "uniform", 1024, 0),
            new Workload("read90-zipf", 0.9, "zipf:0.99", 1024, 0),
            new Workload("read50-uniform", 0.5, "uniform", 1024, 0),
            new Workload("read50-zipf", 0.5, "zipf:0.99", 1024, 0),
            new Workload("mget100-uniform", 1.0, "uniform", 1024, 100),
            new Workload("small32-read90-uniform", 0.9, "uniform", 32, 0));

    public Workload {
        if (readRatio < 0 || readRatio > 1) {
            throw new IllegalArgumentException("read ratio must be 0..1, was " + readRatio);
        }
        if (valueSize < 1 || valueSize > 1024 * 1024) {
            throw new IllegalArgumentException("value size must be 1..1048576, was " + valueSize);
        }
        if (batch < 0 || batch > 1000) {
            throw new IllegalArgumentException("batch must be 0..1000, was " + batch);
        }
    }

    /** How tables name the workload, e.g. {@code 90/10 read/write, zipf 0.99, 1 KiB}. */
    public String label() {
        String keys = distribution.equals("uniform") ? "uniform" : distribution.replace(":", " ");
        String values = valueSize % 1024 == 0 ? valueSize / 1024 + " KiB" : valueSize + " B";
        if (batch > 0) {
            return "MGET " + batch + " keys, " + keys + ", " + values;
        }
        long reads = Math.round(readRatio * 100);
        return reads + "/" + (100 - reads) + " read/write, " + keys + ", " + values;
    }

    /** The standard workloads whose names are listed, comma-separated, or all of them for {@code all}. */
    public static List<Workload> select(String names) {
        if (names.equals("all")) {
            return STANDARD;
        }
        List<String> wanted = List.of(names.split(","));
        List<Workload> chosen = STANDARD.stream().filter(w -> wanted.contains(w.name())).toList();
        if (chosen.size() != wanted.size()) {
            throw new IllegalArgumentException("workloads must be 'all' or names among "
                    + STANDARD.stream().map(Workload::name).toList() + ", was '" + names + "'");
        }
        return chosen;
    }
}
