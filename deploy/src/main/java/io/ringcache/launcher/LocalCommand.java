package io.ringcache.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ringcache local}: a manager and N nodes as separate processes on loopback, for development and demos. In
 * the foreground it stops them all on Ctrl-C; with {@code --detach} it leaves them running and {@code local stop}
 * ends them. Each process logs to {@code <run-dir>/<name>.log}.
 */
@Command(name = "local", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Starts a local cluster: a manager and --nodes node processes on loopback.",
        subcommands = LocalCommand.Stop.class)
final class LocalCommand implements Callable<Integer> {
    private static final String PIDS = "local.pids";
    private static final String LEAK_DETECTION = "io.netty.leakDetection.level";

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", description = "How many nodes.", defaultValue = "3")
    int nodes;

    @Option(names = "--base-port", description = "Port of the first node; the others follow.",
            defaultValue = "7001")
    int basePort;

    @Option(names = "--manager-port", description = "Port of the manager.", defaultValue = "7100")
    int managerPort;

    @Option(names = "--max-memory", description = "Memory bound of each node.", defaultValue = "256m")
    String maxMemory;

    @Option(names = "--rf", description = "Replication factor: copies of each key.", defaultValue = "3")
    int replicationFactor;

    @Option(names = "--detach", description = "Leave the processes running and return.")
    boolean detach;

    @Option(names = "--run-dir", description = "Where logs and the pid file go.", defaultValue = "run")
    Path runDir;

    @Option(names = "--config", description = "Config file of 'option = value' lines.")
    String config;

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || nodes > 64) {
            throw new IllegalArgumentException("--nodes must be 1..64, was " + nodes);
        }
        Files.createDirectories(runDir);
        if (Files.exists(runDir.resolve(PIDS))) {
            throw new IllegalStateException("a local cluster is already running from " + runDir
                    + " (ringcache local stop ends it)");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<Process> started = new ArrayList<>();
        String manager = "127.0.0.1:" + managerPort;
        started.add(launch("manager", List.of("manager", "--port", String.valueOf(managerPort), "--id", "m1",
                "--heartbeat", "500ms", "--rf", String.valueOf(replicationFactor))));
        awaitListening(managerPort, started);
        out.println("manager m1  at " + manager);
        List<String> seeds = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            int port = basePort + i;
            started.add(launch("node-" + port, List.of("node", "--port", String.valueOf(port), "--id", "n" + (i + 1),
                    "--max-memory", maxMemory, "--manager", manager)));
            awaitListening(port, started);
            seeds.add("127.0.0.1:" + port);
            out.println("node n" + (i + 1) + " at 127.0.0.1:" + port);
        }
        StringBuilder pids = new StringBuilder();
        started.forEach(process -> pids.append(process.pid()).append('\n'));
        Files.writeString(runDir.resolve(PIDS), pids.toString(), StandardCharsets.UTF_8);
        out.println("logs in " + runDir.toAbsolutePath());
        out.println("try: ringcache cli --seed " + seeds.get(0) + " put hello world");
        out.println("     ringcache admin --manager " + manager + " status");
        if (detach) {
            out.println("running in the background; stop it with: ringcache local stop");
            out.flush();
            return ExitCode.OK;
        }
        out.println("Ctrl-C stops the cluster");
        out.flush();
        ShutdownWait.await("ringcache-local-shutdown", () -> {
            stopAll(started.stream().map(Process::toHandle).toList());
            deletePids(runDir);
        });
        return ExitCode.OK;
    }

    /**
     * Starts {@code ringcache <args>} as a child process on this JVM's runtime and class path, with this JVM's level
     * of Netty's leak detector (off when started by {@code deploy/bin/ringcache}).
     */
    private Process launch(String name, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xms64m");
        command.add("-Xmx256m");
        command.add("-XX:MaxDirectMemorySize=512m");
        String leakDetection = System.getProperty(LEAK_DETECTION);
        if (leakDetection != null) {
            command.add("-D" + LEAK_DETECTION + "=" + leakDetection);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Ringcache.class.getName());
        command.addAll(args);
        Path log = runDir.resolve(name + ".log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private void awaitListening(int port, List<Process> started) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Process last = started.get(started.size() - 1);
                if (!last.isAlive()) {
                    stopAll(started.stream().map(Process::toHandle).toList());
                    throw new IllegalStateException("process for port " + port + " exited (see " + runDir
                            + "); is the port in use?");
                }
                Thread.sleep(50);
            }
        }
        stopAll(started.stream().map(Process::toHandle).toList());
        throw new IllegalStateException("nothing listened on port " + port + " within 30 s (see " + runDir + ")");
    }

    static void stopAll(List<ProcessHandle> processes) {
        processes.forEach(ProcessHandle::destroy);
        for (ProcessHandle process : processes) {
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        }
    }

    static void deletePids(Path runDir) {
        try {
            Files.deleteIfExists(runDir.resolve(PIDS));
        } catch (IOException ignored) {
            // nothing left to clean up
        }
    }

    /** {@code local stop}. */
    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops a detached local cluster.")
    static final class Stop implements Callable<Integer> {
        @ParentCommand
        LocalCommand local;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Path pids = local.runDir.resolve(PIDS);
            if (!Files.exists(pids)) {
                throw new IllegalStateException("no local cluster is running from " + local.runDir);
            }
            List<ProcessHandle> processes = new ArrayList<>();
            for (String line : Files.readAllLines(pids, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(line.trim()));
                    process.ifPresent(processes::add);
                }
            }
            stopAll(processes);
            deletePids(local.runDir);
            spec.commandLine().getOut().println("stopped " + processes.size() + " processes");
            return ExitCode.OK;
        }
    }
}
