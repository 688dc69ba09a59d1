package io.ringcache.benchmarks.ycsb;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The end of {@code benchmarks/ycsb.sh}: reads the output of every YCSB run in a directory, named
 * {@code <workload>-<system>-<round>.txt}, and prints a Markdown table (per workload and system: the median round's
 * throughput, every round's, the medians over rounds of read and update p50 and p99, the reads and updates that did
 * not answer OK, and Ringcache's throughput divided by that system's), then one JSON line of the same figures and
 * the run's settings ({@code settings.properties} in that directory).
 */
public final class YcsbReport {
    private static final String RINGCACHE = "ringcache";
    private static final List<String> SYSTEM_ORDER = List.of(RINGCACHE, "redis", "memcached");
    private static final Map<String, String> LABELS = Map.of(
            "a", "A: 50% read, 50% update",
            "b", "B: 95% read, 5% update",
            "c", "C: 100% read");
    private static final Pattern RUN_FILE = Pattern.compile("([a-z0-9]+)-([a-z0-9]+)-([0-9]+)\\.txt");

    /** Workload, then system (in {@link #SYSTEM_ORDER}), then each round's result in round order. */
    private final Map<String, Map<String, List<YcsbResult>>> runs;
    private final Map<String, String> settings;

    YcsbReport(Map<String, Map<String, List<YcsbResult>>> runs, Map<String, String> settings) {
        this.runs = runs;
        this.settings = settings;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: YcsbReport <directory of <workload>-<system>-<round>.txt files>");
            System.exit(2);
        }
        YcsbReport report = read(Path.of(args[0]));
        System.out.print(report.table());
        System.out.println();
        System.out.println(new ObjectMapper().writeValueAsString(report.summary()));
    }

    static YcsbReport read(Path directory) throws IOException {
        Map<String, Map<String, TreeMap<Integer, YcsbResult>>> found = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher name = RUN_FILE.matcher(file.getFileName().toString());
                if (name.matches()) {
                    YcsbResult result = YcsbResult.parse(Files.readAllLines(file, StandardCharsets.UTF_8));
                    found.computeIfAbsent(name.group(1), w -> new TreeMap<>(systemOrder()))
                            .computeIfAbsent(name.group(2), s -> new TreeMap<>())
                            .put(Integer.parseInt(name.group(3)), result);
                }
            }
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no <workload>-<system>-<round>.txt files in " + directory);
        }
        Map<String, Map<String, List<YcsbResult>>> runs = new LinkedHashMap<>();
        found.forEach((workload, systems) -> {
            Map<String, List<YcsbResult>> bySystem = new LinkedHashMap<>();
            systems.forEach((system, rounds) -> bySystem.put(system, List.copyOf(rounds.values())));
            runs.put(workload, bySystem);
        });
        Map<String, String> settings = new TreeMap<>();
        Path settingsFile = directory.resolve("settings.properties");
        if (Files.exists(settingsFile)) {
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(settingsFile, StandardCharsets.UTF_8)) {
                properties.load(in);
            }
            properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key)));
        }
        return new YcsbReport(runs, settings);
    }

    String table() {
        StringBuilder out = new StringBuilder();
        out.append("| workload | system | ops/s | each round | read p50 µs | read p99 µs | update p50 µs "
                + "| update p99 µs | not OK | Ringcache ÷ system |\n");
        out.append("| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        runs.forEach((workload, systems) -> systems.forEach((system, rounds) -> {
            List<String> each = new ArrayList<>();
            rounds.forEach(round -> each.add(String.format(Locale.ROOT, "%,.0f", round.opsPerSec())));
            Double ratio = system.equals(RINGCACHE) ? null : ratio(systems, system);
            out.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %s | %s | %s | %s | %s | %,d | %s |%n",
                    LABELS.getOrDefault(workload, workload), system, opsPerSec(rounds), String.join(" / ", each),
                    micros(rounds, YcsbResult::readP50Us), micros(rounds, YcsbResult::readP99Us),
                    micros(rounds, YcsbResult::updateP50Us), micros(rounds, YcsbResult::updateP99Us),
                    rounds.stream().mapToLong(YcsbResult::notOk).sum(),
                    ratio == null ? "—" : String.format(Locale.ROOT, "%.2f", ratio)));
        }));
        return out.toString();
    }

    /**
     * The JSON line: Ringcache's ratio to each other system per workload and the lowest of them, then the medians
     * per workload and system, then the settings.
     */
    Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        for (String other : otherSystems()) {
            Map<String, Double> ratios = new LinkedHashMap<>();
            runs.forEach((workload, systems) -> {
                Double ratio = ratio(systems, other);
                if (ratio != null) {
                    ratios.put(workload, round3(ratio));
                }
            });
            summary.put("min_ratio_vs_" + other, ratios.values().stream().min(Double::compare).orElse(null));
            summary.put("ratio_vs_" + other, ratios);
        }
        summary.put("ops_per_sec", figures(rounds -> Math.round(opsPerSec(rounds))));
        summary.put("read_p50_us", figures(rounds -> median(rounds, YcsbResult::readP50Us)));
        summary.put("read_p99_us", figures(rounds -> median(rounds, YcsbResult::readP99Us)));
        summary.put("update_p50_us", figures(rounds -> median(rounds, YcsbResult::updateP50Us)));
        summary.put("update_p99_us", figures(rounds -> median(rounds, YcsbResult::updateP99Us)));
        summary.put("not_ok", figures(rounds -> rounds.stream().mapToLong(YcsbResult::notOk).sum()));
        Map<String, Object> typed = new LinkedHashMap<>();
        settings.forEach((key, value) -> typed.put(key, value.matches("[0-9]+") ? (Object) Long.valueOf(value)
                : value));
        summary.put("settings", typed);
        return summary;
    }

    /** Ringcache's median throughput over {@code other}'s in one workload, or null if either is missing. */
    private static Double ratio(Map<String, List<YcsbResult>> systems, String other) {
        List<YcsbResult> ours = systems.get(RINGCACHE);
        List<YcsbResult> theirs = systems.get(other);
        if (ours == null || theirs == null || opsPerSec(theirs) <= 0) {
            return null;
        }
        return opsPerSec(ours) / opsPerSec(theirs);
    }

    private List<String> otherSystems() {
        List<String> others = new ArrayList<>();
        runs.values().forEach(systems -> systems.keySet().stream()
                .filter(system -> !system.equals(RINGCACHE) && !others.contains(system))
                .forEach(others::add));
        return others;
    }

    private Map<String, Map<String, Object>> figures(Function<List<YcsbResult>, Object> figure) {
        Map<String, Map<String, Object>> table = new LinkedHashMap<>();
        runs.forEach((workload, systems) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            systems.forEach((system, rounds) -> row.put(system, figure.apply(rounds)));
            table.put(workload, row);
        });
        return table;
    }

    private static double opsPerSec(List<YcsbResult> rounds) {
        List<Double> values = rounds.stream().map(YcsbResult::opsPerSec).sorted().toList();
        int middle = values.size() / 2;
        return values.size() % 2 == 1 ? values.get(middle) : (values.get(middle - 1) + values.get(middle)) / 2;
    }

    /** The median over the rounds that have the figure, rounded to a microsecond; null when none has it. */
    private static Long median(List<YcsbResult> rounds, Function<YcsbResult, Long> figure) {
        List<Long> values = rounds.stream().map(figure).filter(value -> value != null).sorted().toList();
        if (values.isEmpty()) {
            return null;
        }
        int middle = values.size() / 2;
        return values.size() % 2 == 1 ? values.get(middle) : (values.get(middle - 1) + values.get(middle) + 1) / 2;
    }

    private static String micros(List<YcsbResult> rounds, Function<YcsbResult, Long> figure) {
        Long value = median(rounds, figure);
        return value == null ? "—" : String.format(Locale.ROOT, "%,d", value);
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static Comparator<String> systemOrder() {
        return Comparator.<String>comparingInt(system -> SYSTEM_ORDER.contains(system)
                ? SYSTEM_ORDER.indexOf(system) : SYSTEM_ORDER.size()).thenComparing(Comparator.naturalOrder());
    }
}
