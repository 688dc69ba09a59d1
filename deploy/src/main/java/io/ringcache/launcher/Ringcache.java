package io.ringcache.launcher;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * The {@code ringcache} launcher: one program, one subcommand per role ({@code node}, {@code cli}, ...). Sets up
 * what every subcommand shares: defaults from the environment and a config file, exit codes, and errors printed as
 * one line.
 */
@Command(name = "ringcache", mixinStandardHelpOptions = true, version = "ringcache 0.1.0",
        description = "Ringcache: a distributed in-memory cache.",
        subcommands = {NodeCommand.class, ManagerCommand.class, AdminCommand.class, LocalCommand.class,
            CliCommand.class, BenchCommand.class, HelpCommand.class})
public final class Ringcache {

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line and returns its exit code; output goes to {@code out} and {@code err}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Ringcache());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println(e.getCommandLine().getCommandName() + ": " + e.getMessage()
                    + " (see --help)");
            return ExitCode.ERROR;
        });
        commandLine.setExecutionExceptionHandler((e, line, parseResult) -> {
            line.getErr().println(line.getCommandName() + ": " + oneLine(e));
            return ExitCode.ERROR;
        });
        try {
            commandLine.setDefaultValueProvider(ConfigDefaults.from(args, System.getenv()));
        } catch (IllegalArgumentException e) {
            err.println("ringcache: " + e.getMessage());
            return ExitCode.ERROR;
        }
        if (args.length == 0) {
            commandLine.usage(out);
            return ExitCode.ERROR;
        }
        return commandLine.execute(args);
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        return message.replace('\n', ' ');
    }
}
