package io.ringcache.launcher;

import io.ringcache.manager.ClusterManager;
import io.ringcache.manager.ManagerContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ringcache manager}: runs a cluster manager in the foreground until SIGTERM or Ctrl-C. */
@Command(name = "manager", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Runs a cluster manager: membership, heartbeats, topology epochs.",
            "With --peers, the live manager with the lowest id is active and the others stand by."})
final class ManagerCommand implements Callable<Integer> {

    @Option(names = "--port", description = "TCP port to listen on.", defaultValue = "7100")
    int port;

    @Option(names = "--bind", description = "Address to listen on.", defaultValue = "127.0.0.1")
    String bind;

    @Option(names = "--id", description = "Manager id; the lowest live id is active.", defaultValue = "m1")
    String id;

    @Option(names = "--peers", split = ",", description = "The other managers, host:port[,...].")
    List<String> peers = new ArrayList<>();

    @Option(names = "--rf", description = "Replication factor: copies of each key.", defaultValue = "3")
    int replicationFactor;

    @Option(names = "--vnodes", description = "Virtual nodes per standard node.", defaultValue = "160")
    int vnodes;

    @Option(names = "--heartbeat", description = "Heartbeat interval (500ms, 1s).", defaultValue = "1s",
            converter = DurationConverter.class)
    Duration heartbeat;

    @Option(names = "--miss-limit", description = "Missed heartbeats before a node is DOWN.", defaultValue = "3")
    int missLimit;

    @Option(names = "--config", description = "Config file of 'option = value' lines.")
    String config;

    @Override
    public Integer call() throws Exception {
        ClusterManager manager = ClusterManager.start(new ManagerContext()
                .managerId(id)
                .bindAddress(bind)
                .port(port)
                .peers(peers)
                .replicationFactor(replicationFactor)
                .vnodes(vnodes)
                .heartbeatMs(heartbeat.toMillis())
                .missLimit(missLimit));
        ShutdownWait.await("ringcache-shutdown", manager::close);
        return ExitCode.OK;
    }
}
