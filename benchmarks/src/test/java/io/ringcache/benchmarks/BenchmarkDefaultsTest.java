package io.ringcache.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Fork;

/** The benchmarks claim to run with the node's JVM options; this keeps that claim true when the launcher changes. */
class BenchmarkDefaultsTest {
    /** {@code default_opts="..."} and {@code default_opts+=" ..."} lines of the launcher script. */
    private static final Pattern DEFAULT_OPTS = Pattern.compile("^default_opts\\+?=\"([^\"]*)\"\\s*$");

    @Test
    void forkOptions_areTheLaunchersDefaultOptions_inTheSameOrder() throws IOException {
        List<String> launcher = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("..", "deploy", "bin", "ringcache"))) {
            Matcher options = DEFAULT_OPTS.matcher(line);
            if (options.matches()) {
                launcher.addAll(Arrays.asList(options.group(1).trim().split("\\s+")));
            }
        }
        assertFalse(launcher.isEmpty(), "no default_opts in deploy/bin/ringcache");
        Fork fork = BenchmarkDefaults.class.getAnnotation(Fork.class);
        assertEquals(launcher, List.of(fork.jvmArgsAppend()));
    }
}
