package io.ringcache.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringcache.client.CacheValue;
import io.ringcache.client.RingcacheClient;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ringcache cli}: one cache operation from the shell, like redis-cli. Keys and values are taken as UTF-8
 * text; values are printed as they are stored.
 */
@Command(name = "cli", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Runs one cache operation against a node.",
        subcommands = {CliCommand.Put.class, CliCommand.Get.class, CliCommand.Del.class, CliCommand.Ttl.class,
            CliCommand.Touch.class, CliCommand.Mget.class, CliCommand.Stats.class})
final class CliCommand {

    @Option(names = "--seed", description = "Node address host:port, or the cluster's nodes as a comma-separated list.",
            defaultValue = "127.0.0.1:7001", scope = picocli.CommandLine.ScopeType.INHERIT)
    String seed;

    @Option(names = "--timeout", description = "Per-request timeout in milliseconds.", defaultValue = "2000",
            scope = picocli.CommandLine.ScopeType.INHERIT)
    long timeoutMs;

    @Option(names = "--config", description = "Config file of 'option = value' lines.",
            scope = picocli.CommandLine.ScopeType.INHERIT)
    String config;

    RingcacheClient connect() {
        return RingcacheClient.builder()
                .seeds(seed)
                .timeout(Duration.ofMillis(timeoutMs))
                .connectTimeout(Duration.ofMillis(timeoutMs))
                .build();
    }

    /** Runs one operation on a client connected for it, and closes the client. */
    <T> T withClient(Function<RingcacheClient, T> operation) {
        try (RingcacheClient client = connect()) {
            return operation.apply(client);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code --ttl SECONDS} or {@code --ttl-ms MILLIS}; neither means no expiry. */
    static final class TtlOption {
        @Option(names = "--ttl", description = "Expire after this many seconds.")
        Long seconds;
        @Option(names = "--ttl-ms", description = "Expire after this many milliseconds.")
        Long millis;

        Duration duration() {
            if (millis != null) {
                return Duration.ofMillis(millis);
            }
            return seconds == null ? null : Duration.ofSeconds(seconds);
        }
    }

    /** What every {@code cli} subcommand shares: the parent's connection options and its output. */
    abstract static class Subcommand implements Callable<Integer> {
        @ParentCommand
        CliCommand cli;
        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    /** A subcommand on one key, the first parameter. */
    abstract static class KeyCommand extends Subcommand {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;
    }

    /** {@code put KEY VALUE}. */
    @Command(name = "put", mixinStandardHelpOptions = true, description = "Stores a value; prints OK.")
    static final class Put extends KeyCommand {
        @Parameters(index = "1", paramLabel = "VALUE")
        String value;
        @Mixin
        TtlOption ttl;

        @Override
        public Integer call() {
            cli.withClient(client -> client.put(utf8(key), utf8(value), ttl.duration()));
            out().println("OK");
            return ExitCode.OK;
        }
    }

    /** {@code get KEY}. */
    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Prints a value; exits 1 when the key is absent.")
    static final class Get extends KeyCommand {
        @Option(names = {"-v", "--verbose"}, description = "Also print remaining TTL, version and flags.")
        boolean verbose;

        @Override
        public Integer call() {
            CacheValue found = cli.withClient(client -> client.get(utf8(key)));
            PrintWriter out = out();
            if (found == null) {
                spec.commandLine().getErr().println("(nil)");
                return ExitCode.MISS;
            }
            out.println(new String(found.value(), StandardCharsets.UTF_8));
            if (verbose) {
                out.println("ttl_ms: " + found.ttlRemainingMs());
                out.println("version: " + found.version());
                out.println("flags: " + found.flags());
            }
            return ExitCode.OK;
        }
    }

    /** {@code del KEY}. */
    @Command(name = "del", mixinStandardHelpOptions = true,
            description = "Deletes a key; prints 1 if it existed, else 0.")
    static final class Del extends KeyCommand {
        @Override
        public Integer call() {
            boolean existed = cli.withClient(client -> client.delete(utf8(key)));
            out().println(existed ? "1" : "0");
            return ExitCode.OK;
        }
    }

    /** {@code ttl KEY}. */
    @Command(name = "ttl", mixinStandardHelpOptions = true,
            description = "Prints the remaining TTL in seconds, as Redis does: -1 no expiry, -2 no such key.")
    static final class Ttl extends KeyCommand {
        @Option(names = "--ms", description = "Print milliseconds instead of seconds.")
        boolean millis;

        @Override
        public Integer call() {
            CacheValue found = cli.withClient(client -> client.get(utf8(key)));
            long ttl;
            if (found == null) {
                ttl = -2;
            } else if (found.ttlRemainingMs() < 0) {
                ttl = -1;
            } else {
                ttl = millis ? found.ttlRemainingMs() : (found.ttlRemainingMs() + 999) / 1000;
            }
            out().println(ttl);
            return ExitCode.OK;
        }
    }

    /** {@code touch KEY}. */
    @Command(name = "touch", mixinStandardHelpOptions = true,
            description = "Sets a new TTL (none: no expiry); prints 1 if the key exists, else 0.")
    static final class Touch extends KeyCommand {
        @Mixin
        TtlOption ttl;

        @Override
        public Integer call() {
            boolean found = cli.withClient(client -> client.touch(utf8(key), ttl.duration()));
            out().println(found ? "1" : "0");
            return ExitCode.OK;
        }
    }

    /** {@code mget KEY...}. */
    @Command(name = "mget", mixinStandardHelpOptions = true,
            description = "Prints one line per key: its value, or (nil).")
    static final class Mget extends Subcommand {
        @Parameters(arity = "1..*", paramLabel = "KEY")
        List<String> keys;

        @Override
        public Integer call() {
            List<byte[]> raw = new ArrayList<>();
            keys.forEach(k -> raw.add(utf8(k)));
            List<CacheValue> values = cli.withClient(client -> client.getAll(raw));
            PrintWriter out = out();
            for (CacheValue value : values) {
                out.println(value == null ? "(nil)" : new String(value.value(), StandardCharsets.UTF_8));
            }
            return ExitCode.OK;
        }
    }

    /** {@code stats}. */
    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = {"Prints a node's counters, one 'name: value' per line.",
                "With several nodes, each node's block starts with '# <node id>'; --node picks one."})
    static final class Stats extends Subcommand {
        @Option(names = "--json", description = "Print one JSON object instead (keyed by node id when several).")
        boolean json;
        @Option(names = "--node", description = "Only this node (host:port or id).")
        String nodeId;

        @Override
        public Integer call() throws Exception {
            Map<String, Map<String, Long>> all = cli.withClient(RingcacheClient::stats);
            if (nodeId != null && !all.containsKey(nodeId)) {
                throw new IllegalArgumentException("no node " + nodeId + " among " + all.keySet());
            }
            Map<String, Map<String, Long>> byNode = nodeId == null ? all : Map.of(nodeId, all.get(nodeId));
            PrintWriter out = out();
            Object shown = byNode.size() == 1 ? byNode.values().iterator().next() : byNode;
            if (json) {
                out.println(new ObjectMapper().writeValueAsString(shown));
            } else {
                byNode.forEach((id, stats) -> {
                    if (byNode.size() > 1) {
                        out.println("# " + id);
                    }
                    stats.forEach((name, value) -> out.println(name + ": " + value));
                });
            }
            return ExitCode.OK;
        }
    }
}
