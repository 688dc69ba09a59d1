package io.ringcache.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringcache.manager.admin.AdminClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code ringcache admin}: the operators' view of the cluster and their levers, through the active manager. Human
 * output is a table; {@code --json} prints the manager's JSON answer.
 */
@Command(name = "admin", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Shows and changes the cluster through its active manager.",
        subcommands = {AdminCommand.Status.class, AdminCommand.Ring.class, AdminCommand.AddNode.class,
            AdminCommand.Drain.class, AdminCommand.Remove.class, AdminCommand.Rebalance.class,
            AdminCommand.Epoch.class})
final class AdminCommand {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Width of a transfer's progress bar, in characters. */
    private static final int BAR_WIDTH = 30;
    /** ANSI: cursor home, then clear the screen. */
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    @Option(names = "--manager", split = ",", description = "Manager address(es), host:port[,...].",
            defaultValue = "127.0.0.1:7100", scope = ScopeType.INHERIT)
    List<String> managers = new ArrayList<>();

    @Option(names = "--timeout", description = "How long a manager has to answer.", defaultValue = "2s",
            converter = DurationConverter.class, scope = ScopeType.INHERIT)
    Duration timeout;

    @Option(names = "--json", description = "Print the manager's JSON answer.", scope = ScopeType.INHERIT)
    boolean json;

    @Option(names = "--config", description = "Config file of 'option = value' lines.", scope = ScopeType.INHERIT)
    String config;

    JsonNode send(ObjectNode command) throws Exception {
        try (AdminClient client = new AdminClient(managers, timeout)) {
            return JSON.readTree(client.execute(command.toString()));
        }
    }

    static ObjectNode command(String name) {
        return JSON.createObjectNode().put("command", name);
    }

    /** What every {@code admin} subcommand shares: the parent's manager options and its output. */
    abstract static class Subcommand implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;
        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        /** Prints the manager's answer as JSON with {@code --json}, else runs {@code table}; returns OK. */
        int print(JsonNode answer, Runnable table) {
            if (admin.json) {
                out().println(answer.toString());
            } else {
                table.run();
            }
            return ExitCode.OK;
        }
    }

    /** {@code status [--watch [--interval D] [--count N]]}. */
    @Command(name = "status", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = "Nodes, their state and load, and the data moving between them.")
    static final class Status extends Subcommand {
        @Option(names = "--watch", description = "Redraw the status every --interval until interrupted.")
        boolean watch;
        @Option(names = "--interval", description = "How often --watch redraws.", defaultValue = "1s",
                converter = DurationConverter.class)
        Duration interval;
        @Option(names = "--count", description = "With --watch: stop after this many redraws (0: never).",
                defaultValue = "0")
        int count;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = out();
            if (!watch) {
                if (count != 0) {
                    throw new ParameterException(spec.commandLine(), "--count needs --watch");
                }
                JsonNode status = admin.send(command("status"));
                return print(status, () -> statusTable(status, out));
            }
            if (interval.isNegative() || interval.isZero() || count < 0) {
                throw new ParameterException(spec.commandLine(), "--interval must be above 0 and --count at least 0");
            }
            boolean terminal = System.console() != null;
            for (int drawn = 0; count == 0 || drawn < count; drawn++) {
                if (drawn > 0) {
                    Thread.sleep(interval.toMillis());
                }
                JsonNode status = admin.send(command("status"));
                if (terminal && !admin.json) {
                    out.print(CLEAR_SCREEN);
                } else if (drawn > 0 && !admin.json) {
                    out.println();
                }
                print(status, () -> statusTable(status, out));
                out.flush();
            }
            return ExitCode.OK;
        }
    }

    /** Prints a {@code status} answer as tables: the nodes, then the transfers with a progress bar each. */
    static void statusTable(JsonNode status, PrintWriter out) {
        out.printf("epoch %d, active manager %s, rf %d, %d vnodes, rebalance %s%n", status.get("epoch").asLong(),
                status.get("active_manager").asText(), status.get("replication_factor").asInt(),
                status.get("vnodes").asInt(), status.path("rebalance").asText("running"));
        out.printf("%-16s %-22s %-17s %-8s %10s %12s %10s %6s %6s%n", "NODE", "ADDRESS", "STATE", "ZONE",
                "ITEMS", "USED_MEMORY", "OPS/S", "EPOCH", "SYNCED");
        for (JsonNode node : status.get("nodes")) {
            String state = node.get("state").asText() + (node.path("drained").asBoolean() ? ", drained" : "");
            out.printf("%-16s %-22s %-17s %-8s %10d %12d %10d %6d %6d%n", node.get("id").asText(),
                    node.get("address").asText(), state, node.get("zone").asText(), node.get("items").asLong(),
                    node.get("used_memory").asLong(), node.get("ops_per_sec").asLong(), node.get("epoch").asLong(),
                    node.path("synced_epoch").asLong());
        }
        JsonNode transfers = status.path("transfers");
        if (transfers.isEmpty()) {
            out.println("transfers: none");
            return;
        }
        out.printf("transfers: %d%n", transfers.size());
        for (JsonNode transfer : transfers) {
            long keysDone = transfer.get("keys_done").asLong();
            long keysLeft = transfer.get("keys_left").asLong();
            long bytesDone = transfer.get("bytes_done").asLong();
            long bytesLeft = transfer.get("bytes_left").asLong();
            double done = bytesDone + bytesLeft > 0 ? fraction(bytesDone, bytesLeft) : fraction(keysDone, keysLeft);
            int filled = (int) Math.round(done * BAR_WIDTH);
            out.printf(Locale.ROOT, "  %-16s -> %-16s [%s%s] %5.1f%%  %d/%d keys  %s/%s%n",
                    transfer.get("from").asText(), transfer.get("to").asText(), "#".repeat(filled),
                    ".".repeat(BAR_WIDTH - filled), 100 * done, keysDone, keysDone + keysLeft, bytes(bytesDone),
                    bytes(bytesDone + bytesLeft));
        }
    }

    /** How much of a transfer is done; one with nothing left (or nothing to do) is done. */
    private static double fraction(long done, long left) {
        return done + left > 0 ? (double) done / (done + left) : 1;
    }

    /** A byte count for people: {@code 512 B}, {@code 1.5 KiB}, {@code 20.0 MiB}. */
    private static String bytes(long count) {
        if (count < 1024) {
            return count + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** {@code ring}. */
    @Command(name = "ring", mixinStandardHelpOptions = true,
            description = "Each node's virtual nodes and share of keys (sampled).")
    static final class Ring extends Subcommand {
        @Override
        public Integer call() throws Exception {
            JsonNode ring = admin.send(command("ring"));
            PrintWriter out = out();
            return print(ring, () -> {
                out.printf("epoch %d, %d keys sampled%n", ring.get("epoch").asLong(),
                        ring.get("sampled_keys").asLong());
                out.printf("%-16s %-22s %-8s %7s %10s%n", "NODE", "ADDRESS", "STATE", "VNODES", "KEY_SHARE");
                for (JsonNode node : ring.get("nodes")) {
                    out.printf("%-16s %-22s %-8s %7d %9.2f%%%n", node.get("id").asText(),
                            node.get("address").asText(), node.get("state").asText(), node.get("vnodes").asInt(),
                            100 * node.get("key_share").asDouble());
                }
            });
        }
    }

    /** {@code add-node ADDRESS}. */
    @Command(name = "add-node", mixinStandardHelpOptions = true, description = "Adds a node by address.")
    static final class AddNode extends Subcommand {
        @Parameters(index = "0", paramLabel = "ADDRESS", description = "host:port of the node.")
        String address;
        @Option(names = "--id", description = "Node id (default: its address).")
        String id;
        @Option(names = "--zone", description = "Failure zone.", defaultValue = "")
        String zone;
        @Option(names = "--weight", description = "Relative capacity, 100 standard.", defaultValue = "100")
        int weight;

        @Override
        public Integer call() throws Exception {
            ObjectNode command = command("add-node").put("address", address).put("zone", zone).put("weight", weight);
            if (id != null) {
                command.put("id", id);
            }
            JsonNode answer = admin.send(command);
            return print(answer, () -> out().printf("added %s as %s, epoch %d%n", answer.get("node").asText(),
                    answer.get("state").asText(), answer.get("epoch").asLong()));
        }
    }

    /** What {@code drain} and {@code remove} share: one node id in, the new epoch out. */
    abstract static class NodeChange extends Subcommand {
        @Parameters(index = "0", paramLabel = "NODE", description = "Node id.")
        String node;

        /** The admin command to send. */
        abstract ObjectNode request();

        /** What to print once it is done, from the manager's answer. */
        abstract String done(JsonNode answer);

        @Override
        public Integer call() throws Exception {
            JsonNode answer = admin.send(request());
            return print(answer, () -> out().printf("%s %s, epoch %d%n", node, done(answer),
                    answer.get("epoch").asLong()));
        }
    }

    /** {@code drain NODE}. */
    @Command(name = "drain", mixinStandardHelpOptions = true,
            description = "Marks an UP node LEAVING: it keeps serving while its ranges move to their next holders.")
    static final class Drain extends NodeChange {
        @Override
        ObjectNode request() {
            return command("drain").put("node", node);
        }

        @Override
        String done(JsonNode answer) {
            return "is LEAVING (remove it once status shows it drained)";
        }
    }

    /** {@code remove NODE [--force]}. */
    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Removes a drained or DOWN node from the cluster (--force: any node, losing the copies "
                    + "it holds that have not moved yet).")
    static final class Remove extends NodeChange {
        @Option(names = "--force", description = "Remove the node even if it is UP, JOINING, RECOVERING or not "
                + "drained yet.")
        boolean force;

        @Override
        ObjectNode request() {
            return command("remove").put("node", node).put("force", force);
        }

        @Override
        String done(JsonNode answer) {
            return "removed (was " + answer.get("state").asText() + ")";
        }
    }

    /** {@code rebalance [--pause | --resume]}. */
    @Command(name = "rebalance", mixinStandardHelpOptions = true,
            description = "Pauses or resumes data transfers between nodes; without an option shows whether they "
                    + "run. While paused no joining or recovering node becomes UP.")
    static final class Rebalance extends Subcommand {
        @Option(names = "--pause", description = "Hold every transfer until --resume.")
        boolean pause;
        @Option(names = "--resume", description = "Let transfers run again.")
        boolean resume;

        @Override
        public Integer call() throws Exception {
            if (pause && resume) {
                throw new ParameterException(spec.commandLine(), "--pause and --resume exclude each other");
            }
            ObjectNode command = command("rebalance");
            if (pause || resume) {
                command.put("action", pause ? "pause" : "resume");
            }
            JsonNode answer = admin.send(command);
            return print(answer, () -> out().printf("rebalance %s, epoch %d%n", answer.get("rebalance").asText(),
                    answer.get("epoch").asLong()));
        }
    }

    /** {@code epoch}. */
    @Command(name = "epoch", mixinStandardHelpOptions = true, description = "Prints the topology epoch.")
    static final class Epoch extends Subcommand {
        @Override
        public Integer call() throws Exception {
            JsonNode answer = admin.send(command("epoch"));
            return print(answer, () -> out().println(answer.get("epoch").asLong()));
        }
    }
}
