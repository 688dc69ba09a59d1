package io.ringcache.launcher;

/** The launcher's exit codes, the same for every subcommand. */
public final class ExitCode {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** A read found nothing ({@code cli get}). */
    public static final int MISS = 1;
    /** Bad usage, or the node or cluster answered with an error or not at all. */
    public static final int ERROR = 2;

    private ExitCode() {
    }
}
