package io.lockdoc.collect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs gdb and jstack on the pids asked for, each behind the {@link AttachGuard}: refused when the
 * process cannot be attached safely (the reason goes to the log and to the misses, which the CLI
 * prints on stderr), in its own process group with a deadline, and settled afterwards.
 */
final class ToolRunner {
    static final int MAX_MUTEXES = 16;
    private static final Pattern LOCK_FRAME =
            Pattern.compile("pthread_mutex_(?:timed)?lock\\w* \\(mutex=(0x[0-9a-f]+)");

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
            String bt = tool(
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
            if (bt != null) {
                mutexOwners(pid, bt);
            }
        }
    }

    /**
     * The owners of the mutexes the threads wait for ({@code __owner} of each {@code mutex=0x...}
     * in a lock frame of the backtrace): a second short attach, so the cycle is proven, not inferred.
     */
    private void mutexOwners(int pid, String bt) throws IOException {
        Set<String> addresses = new LinkedHashSet<>();
        Matcher m = LOCK_FRAME.matcher(bt);
        while (m.find() && addresses.size() < MAX_MUTEXES) {
            addresses.add(m.group(1));
        }
        if (addresses.isEmpty()) {
            return;
        }
        List<String> cmd = new ArrayList<>(
                List.of("gdb", "-p", Integer.toString(pid), "-batch", "-nx", "-ex", "set pagination off"));
        for (String a : addresses) {
            cmd.addAll(List.of("-ex", "print (pthread_mutex_t *) " + a, "-ex", "print *(pthread_mutex_t *) " + a));
        }
        tool(pid, AttachGuard.Tool.GDB, "gdb-" + pid + "-mutexes.txt", cmd);
    }

    private String tool(int pid, AttachGuard.Tool tool, String name, List<String> cmd) throws IOException {
        c.opt.onItem().accept(name);
        Optional<String> no = guard.refusal(pid, tool);
        if (no.isPresent()) {
            c.actions.add(tool.word + " pid " + pid + ": " + no.get());
            c.miss(name, no.get());
            return null;
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
        return o.failure() == null ? new String(o.stdout(), StandardCharsets.UTF_8) : null;
    }

    /** jstack of the running JDK when it has one, else the one on PATH. */
    static String jstack() {
        Path own = Path.of(System.getProperty("java.home"), "bin", "jstack");
        return Files.isExecutable(own) ? own.toString() : "jstack";
    }
}
