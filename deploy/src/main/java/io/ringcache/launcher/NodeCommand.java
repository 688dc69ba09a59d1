package io.ringcache.launcher;

import io.ringcache.server.CacheNode;
import io.ringcache.server.NodeContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ringcache node}: runs one cache node in the foreground until SIGTERM or Ctrl-C. */
@Command(name = "node", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Runs a cache node.",
            "Every option can also be set as RINGCACHE_<OPTION> in the environment (RINGCACHE_MAX_MEMORY=1g) or as"
                + " '<option> = value' in the --config file."})
final class NodeCommand implements Callable<Integer> {

    @Option(names = "--port", description = "TCP port to listen on (0: any free port).",
            defaultValue = "" + NodeContext.DEFAULT_PORT)
    int port;

    @Option(names = "--bind", description = "Address to listen on.", defaultValue = NodeContext.DEFAULT_BIND)
    String bind;

    @Option(names = "--max-memory", description = "Memory bound of the store (index, entries, allocator waste),"
            + " like 256m or 4g.", defaultValue = "256m", converter = ByteSizeConverter.class)
    long maxMemory;

    @Option(names = "--id", description = "Node id (default: node-<port>).")
    String id;

    @Option(names = "--io-threads", description = "Event-loop threads (default: one per core).")
    Integer ioThreads;

    @Option(names = "--eviction-samples", description = "Entries sampled per eviction (approximated LRU).",
            defaultValue = "" + NodeContext.DEFAULT_EVICTION_SAMPLES)
    int evictionSamples;

    @Option(names = "--max-connections", description = "Client connections accepted at once.",
            defaultValue = "" + NodeContext.DEFAULT_MAX_CONNECTIONS)
    int maxConnections;

    @Option(names = "--native-transport", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Use epoll when available.")
    boolean nativeTransport;

    @Option(names = "--manager", split = ",", description = "Cluster manager(s) to register with, host:port[,...]; "
            + "none: a static node.")
    List<String> managers = new ArrayList<>();

    @Option(names = "--advertise-host", description = "Host clients and managers reach this node at (default: --bind).")
    String advertiseHost;

    @Option(names = "--zone", description = "Failure zone (rack); replicas go to distinct zones first.",
            defaultValue = "")
    String zone;

    @Option(names = "--weight", description = "Relative capacity, 100 for a standard node.", defaultValue = "100")
    int weight;

    @Option(names = "--replication-timeout", description = "How long a QUORUM or ALL write waits for replicas "
            + "before answering UNAVAILABLE (e.g. 500ms).", defaultValue = "500ms",
            converter = DurationConverter.class)
    Duration replicationTimeout;

    @Option(names = "--transfer-rate", description = "Bytes per second range transfers may send, 0 for no limit "
            + "(e.g. 64m).", defaultValue = "64m", converter = ByteSizeConverter.class)
    long transferRate;

    @Option(names = "--replication-backlog", description = "Recent writes kept so that a replica that comes back "
            + "with its memory gets only what it missed (e.g. 16m).", defaultValue = "16m",
            converter = ByteSizeConverter.class)
    long replicationBacklog;

    @Option(names = "--lazy-fill-window", description = "How long after becoming UP again (after a recovery or a "
            + "join) a read that finds nothing here asks the key's other holders, 0 for never (e.g. 60s).",
            defaultValue = "60s", converter = DurationConverter.class)
    Duration lazyFillWindow;

    @Option(names = "--config", description = "Config file of 'option = value' lines.")
    String config;

    @Override
    public Integer call() throws Exception {
        NodeContext context = new NodeContext()
                .port(port)
                .bindAddress(bind)
                .maxMemory(maxMemory)
                .nodeId(id != null ? id : "node-" + port)
                .evictionSamples(evictionSamples)
                .maxConnections(maxConnections)
                .nativeTransport(nativeTransport)
                .managers(managers)
                .advertisedHost(advertiseHost)
                .zone(zone)
                .weight(weight)
                .replicationTimeoutMs(replicationTimeout.toMillis())
                .transferRate(transferRate)
                .replicationBacklogBytes((int) Math.min(Integer.MAX_VALUE, replicationBacklog))
                .lazyFillWindowMs(lazyFillWindow.toMillis());
        if (ioThreads != null) {
            context.ioThreads(ioThreads);
        }
        context.validate();
        CacheNode node = CacheNode.start(context);
        ShutdownWait.await("ringcache-shutdown", node::close);
        return ExitCode.OK;
    }
}
