package io.lockdoc.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Runs gdb and jstack on the pids asked for, each behind the {@link AttachGuard}: refused when the
 * process cannot be attached safely (the reason goes to the log and to the misses, which the CLI
 * prints on stderr), in its own process group with a deadline, and settled afterwards.
 */
final class ToolRunner {
    private final Collection c;
    private final AttachGuard guard;

    ToolRunner(Collection c) {
        this.c = c;
        this.guard = new AttachGuard(c.io, c.proc);
    }

    void run(int pid) throws IOException {
        if (c.gone(pid) || !Files.isDirectory(c.proc.resolve(Integer.toString(pid)))) {
            return;
        }
        if (c.opt.jstack()) {
            tool(
                    pid,
                    AttachGuard.Tool.JSTACK,
                    "jstack-" + pid + ".txt",
                    List.of(jstack(), "-l", Integer.toString(pid)));
        }
        if (c.opt.gdb()) {
            tool(
                    pid,
                    AttachGuard.Tool.GDB,
                    "gdb-" + pid + ".txt",
                    List.of(
                            "gdb",
                            "-p",
                            Integer.toString(pid),
                            "-batch",
                            "-nx",
                            "-ex",
                            "set pagination off",
                            "-ex",
                            "thread apply all bt"));
        }
    }

    private void tool(int pid, AttachGuard.Tool tool, String name, List<String> cmd) throws IOException {
        c.opt.onItem().accept(name);
        Optional<String> no = guard.refusal(pid, tool);
        if (no.isPresent()) {
            c.actions.add(tool.word + " pid " + pid + ": " + no.get());
            c.miss(name, no.get());
            return;
        }
        SafeIo.Output o = c.io.run(cmd, c.opt.commandTimeout(), Collector.MAX_TEXT, true);
        boolean killed = o.failure() != null && o.failure().startsWith("timed out");
        String after = guard.settle(pid, killed);
        c.actions.add(tool.word + " pid " + pid + ": " + (o.failure() == null ? "ran" : o.failure()) + "; " + after);
        if (after.contains("STILL STOPPED")) {
            c.miss("pid " + pid, after);
        }
        if (o.stdout().length > 0) {
            c.out.add(name, o.stdout());
        }
        if (o.failure() != null) {
            c.miss(name, String.join(" ", cmd) + ": " + o.failure());
        } else if (o.stdout().length == 0) {
            c.miss(name, String.join(" ", cmd) + ": no output");
        }
    }

    /** jstack of the running JDK when it has one, else the one on PATH. */
    static String jstack() {
        Path own = Path.of(System.getProperty("java.home"), "bin", "jstack");
        return Files.isExecutable(own) ? own.toString() : "jstack";
    }
}
