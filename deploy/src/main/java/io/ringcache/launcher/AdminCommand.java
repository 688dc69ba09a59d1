package io.ringcache.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringcache.manager.admin.AdminClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
            AdminCommand.Drain.class, AdminCommand.Remove.class, AdminCommand.Epoch.class})
final class AdminCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    int print(CommandSpec spec, JsonNode answer, Runnable table) {
        if (json) {
            spec.commandLine().getOut().println(answer.toString());
        } else {
            table.run();
        }
        return ExitCode.OK;
    }

    /** {@code status}. */
    @Command(name = "status", mixinStandardHelpOptions = true, description = "Nodes, their state and load.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            JsonNode status = admin.send(command("status"));
            PrintWriter out = spec.commandLine().getOut();
            return admin.print(spec, status, () -> {
                out.printf("epoch %d, active manager %s, rf %d, %d vnodes%n", status.get("epoch").asLong(),
                        status.get("active_manager").asText(), status.get("replication_factor").asInt(),
                        status.get("vnodes").asInt());
                out.printf("%-16s %-22s %-8s %-8s %10s %12s %10s %6s%n", "NODE", "ADDRESS", "STATE", "ZONE",
                        "ITEMS", "USED_MEMORY", "OPS/S", "EPOCH");
                for (JsonNode node : status.get("nodes")) {
                    out.printf("%-16s %-22s %-8s %-8s %10d %12d %10d %6d%n", node.get("id").asText(),
                            node.get("address").asText(), node.get("state").asText(), node.get("zone").asText(),
                            node.get("items").asLong(), node.get("used_memory").asLong(),
                            node.get("ops_per_sec").asLong(), node.get("epoch").asLong());
                }
            });
        }
    }

    /** {@code ring}. */
    @Command(name = "ring", mixinStandardHelpOptions = true,
            description = "Each node's virtual nodes and share of keys (sampled).")
    static final class Ring implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            JsonNode ring = admin.send(command("ring"));
            PrintWriter out = spec.commandLine().getOut();
            return admin.print(spec, ring, () -> {
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
    static final class AddNode implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;
        @Spec
        CommandSpec spec;
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
            return admin.print(spec, answer, () -> spec.commandLine().getOut().printf("added %s, epoch %d%n",
                    answer.get("node").asText(), answer.get("epoch").asLong()));
        }
    }

    /** What {@code drain} and {@code remove} share: one node id in, the new epoch out. */
    abstract static class NodeChange implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NODE", description = "Node id.")
        String node;

        /** The admin command's name, and what to print once it is done. */
        abstract String adminCommand();

        abstract String done();

        @Override
        public Integer call() throws Exception {
            JsonNode answer = admin.send(command(adminCommand()).put("node", node));
            return admin.print(spec, answer, () -> spec.commandLine().getOut().printf("%s %s, epoch %d%n", node,
                    done(), answer.get("epoch").asLong()));
        }
    }

    /** {@code drain NODE}. */
    @Command(name = "drain", mixinStandardHelpOptions = true, description = "Marks a node LEAVING.")
    static final class Drain extends NodeChange {
        @Override
        String adminCommand() {
            return "drain";
        }

        @Override
        String done() {
            return "is LEAVING";
        }
    }

    /** {@code remove NODE}. */
    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes a node from the cluster.")
    static final class Remove extends NodeChange {
        @Override
        String adminCommand() {
            return "remove";
        }

        @Override
        String done() {
            return "removed";
        }
    }

    /** {@code epoch}. */
    @Command(name = "epoch", mixinStandardHelpOptions = true, description = "Prints the topology epoch.")
    static final class Epoch implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            JsonNode answer = admin.send(command("epoch"));
            return admin.print(spec, answer, () -> spec.commandLine().getOut().println(answer.get("epoch").asLong()));
        }
    }
}
