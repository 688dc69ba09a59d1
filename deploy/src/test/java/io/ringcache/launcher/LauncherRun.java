package io.ringcache.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the launcher inside the test's JVM: its exit code and what it printed. */
record LauncherRun(int exit, String out, String err) {

    static LauncherRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Ringcache.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new LauncherRun(exit, out.toString(), err.toString());
    }
}
