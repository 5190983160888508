package io.lockdoc.cli;

import io.lockdoc.collect.Collector;
import io.lockdoc.escape.ShellQuote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "collect",
        description = {
            "Collect what lockdoc needs from this Linux host into a bundle for 'lockdoc analyze':",
            "kernel log, ps -eLo with wait channels, /proc/locks, per-task /proc files of tasks in D state,",
            "on contended file locks and of --pid, cgroup freeze state, lockdep, hung-task settings, taint,",
            "/proc/stat, load. Every read and command has a deadline; no tracing; what could not be",
            "collected is listed with the reason."
        },
        mixinStandardHelpOptions = true)
final class CollectCommand implements Callable<Integer> {
    @Option(
            names = "--pid",
            paramLabel = "PID",
            split = ",",
            description = "also read every thread of PID (repeatable or comma-separated)")
    List<Integer> pids = new ArrayList<>();

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE.tar.gz",
            description = "the bundle to write (default: lockdoc-collect-HOST-TIME.tar.gz here)")
    Path output;

    @Option(names = "--jstack", description = "run 'jstack -l' on each --pid (Java processes)")
    boolean jstack;

    @Option(
            names = "--gdb",
            description = "run gdb 'thread apply all bt' on each --pid (attaches: stops the process for a moment)")
    boolean gdb;

    @Option(
            names = "--read-timeout",
            paramLabel = "SECONDS",
            defaultValue = "2",
            description = "deadline of each file read (default: ${DEFAULT-VALUE})")
    double readTimeout;

    @Option(
            names = "--command-timeout",
            paramLabel = "SECONDS",
            defaultValue = "20",
            description = "deadline of each command (dmesg, ps, jstack, gdb) (default: ${DEFAULT-VALUE})")
    double commandTimeout;

    private final Streams io;

    CollectCommand(Streams io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            io.err().println("lockdoc: collect runs on a Linux host (no /proc here)");
            return ExitCode.USAGE.code();
        }
        if (readTimeout <= 0 || commandTimeout <= 0) {
            io.err().println("lockdoc: timeouts must be positive");
            return ExitCode.USAGE.code();
        }
        for (Integer p : pids) {
            if (p == null || p <= 0) {
                io.err().println("lockdoc: --pid must be a positive number");
                return ExitCode.USAGE.code();
            }
        }
        Collector.Options opt = Collector.Options.of(List.copyOf(pids), gdb, jstack)
                .withTimeouts(Duration.ofMillis((long) (readTimeout * 1000)), Duration.ofMillis((long)
                        (commandTimeout * 1000)));
        Collector c = new Collector(opt);
        Path target = output != null ? output : Path.of(Collector.defaultName(c.hostName(), Instant.now()));
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            io.err()
                    .println("lockdoc: cannot write " + Streams.t(target)
                            + ": its folder does not exist or is not writable");
            return ExitCode.USAGE.code();
        }
        Collector.Report r;
        try {
            r = c.collect(target);
        } catch (IOException e) {
            io.err().println("lockdoc: cannot write " + Streams.t(target) + ": " + Streams.t(e.getMessage()));
            return ExitCode.USAGE.code();
        }
        io.out().println("collected " + r.files() + " files (" + r.bytes() + " bytes) into " + Streams.t(target));
        for (String n : r.notes()) {
            io.out().println("note: " + Streams.t(n));
        }
        if (!r.misses().isEmpty()) {
            io.err().println("could not collect (" + r.misses().size() + "):");
            for (Collector.Miss m : r.misses()) {
                // a miss names a task (its comm is anyone's to choose) and quotes a command's error
                io.err().println("  " + Streams.t(m.line()));
            }
        }
        io.out().println("next: lockdoc analyze " + ShellQuote.word(target.toString()));
        return ExitCode.NO_FINDING.code();
    }
}
