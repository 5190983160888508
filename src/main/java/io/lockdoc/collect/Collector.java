package io.lockdoc.collect;

import io.lockdoc.ingest.BundleLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Collects what lockdoc needs from a live Linux host into a bundle in lockdoc's own layout:
 * the kernel log, the thread table with wait channels, {@code /proc/locks}, the mount table,
 * per-task {@code /proc} files of the tasks {@link TaskSelection} chooses, their cgroups' freeze
 * state, lockdep files, hung-task settings, taint, {@code /proc/stat}, uptime and load;
 * {@code jstack}/{@code gdb} of the named pids only when asked and only when the
 * {@link AttachGuard} finds it safe. Every read and command has a deadline; nothing traces; a
 * failed item is listed with its reason and the rest goes on.
 */
public final class Collector {
    static final int MAX_TEXT = 16 * 1024 * 1024;
    static final int MAX_PROC_FILE = 1024 * 1024;
    static final int MAX_PROCESSES = 256;
    static final int MAX_THREADS = 1024;
    static final int MAX_FDS = 512;
    static final int MAX_CGROUPS = 64;
    static final String LOG = "collect-log.txt";

    private static final Pattern GROUP = Pattern.compile("^(proc/\\d+/(?:task|fdinfo)/)\\d+");

    /**
     * What to collect and from where ({@code /proc} and the cgroup v2 root are replaceable for
     * tests; a null cgroup root is the cgroup2 mount that {@code /proc/self/mountinfo} names).
     */
    public record Options(
            List<Integer> pids,
            boolean gdb,
            boolean jstack,
            Duration readTimeout,
            Duration commandTimeout,
            Path procRoot,
            Path cgroupRoot,
            boolean hostCommands,
            Consumer<String> onItem) {
        public static Options of(List<Integer> pids, boolean gdb, boolean jstack) {
            return new Options(
                    pids,
                    gdb,
                    jstack,
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(20),
                    Path.of("/proc"),
                    null,
                    true,
                    item -> {});
        }

        public Options withRoots(Path proc, Path cgroup, boolean hostCommands) {
            return new Options(pids, gdb, jstack, readTimeout, commandTimeout, proc, cgroup, hostCommands, onItem);
        }

        public Options withTimeouts(Duration read, Duration command) {
            return new Options(pids, gdb, jstack, read, command, procRoot, cgroupRoot, hostCommands, onItem);
        }

        /** Called with each item's bundle name just before it is read (progress, and tests). */
        public Options onItem(Consumer<String> hook) {
            return new Options(
                    pids, gdb, jstack, readTimeout, commandTimeout, procRoot, cgroupRoot, hostCommands, hook);
        }
    }

    /** An item that could not be collected, and why. */
    public record Miss(String item, String reason) {
        public String line() {
            return item + ": " + reason;
        }
    }

    /** What was written. */
    public record Report(Path archive, int files, long bytes, List<Miss> misses, List<String> notes) {}

    private final Options opt;

    public Collector(Options opt) {
        this.opt = opt;
    }

    /** The default archive name: {@code lockdoc-collect-HOST-YYYYMMDD-HHMMSS.tar.gz}. */
    public static String defaultName(String host, Instant now) {
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(java.time.ZoneOffset.UTC)
                .format(now);
        String h = host == null || host.isBlank() ? "host" : host.strip().replaceAll("[^A-Za-z0-9._-]", "_");
        return "lockdoc-collect-" + h + "-" + stamp + ".tar.gz";
    }

    /** The host name from {@code /proc/sys/kernel/hostname}, or null. */
    public String hostName() {
        try (SafeIo io = new SafeIo(opt.readTimeout())) {
            var r = io.read(opt.procRoot().resolve("sys/kernel/hostname"), 256);
            return r.ok() ? new String(r.value(), StandardCharsets.UTF_8).strip() : null;
        }
    }

    /**
     * Collects into {@code archive}. Throws only when the archive itself cannot be written; any
     * item that fails is a {@link Miss}.
     */
    public Report collect(Path archive) throws IOException {
        String name = archive.getFileName().toString();
        String top = name.replaceFirst("(?i)\\.(tar\\.gz|tgz)$", "");
        long start = System.nanoTime();
        try (SafeIo io = new SafeIo(opt.readTimeout());
                BundleWriter out = new BundleWriter(archive, top.isEmpty() ? "lockdoc-collect" : top)) {
            Run run = new Run(io, out);
            run.all();
            long ms = (System.nanoTime() - start) / 1_000_000;
            out.add(LOG, run.log(ms).getBytes(StandardCharsets.UTF_8));
            out.finish();
            return new Report(archive, out.files(), out.bytes(), coalesce(run.misses()), List.copyOf(run.notes()));
        }
    }

    /** One collection: host-wide items, the chosen processes, their cgroups, then the tools. */
    private final class Run {
        private final Collection c;
        private final HostFiles host;
        private final ProcessReader reader;
        private final TaskSelection selection =
                new TaskSelection((int) ProcessHandle.current().pid());
        private Path cgroupRoot;
        private String cgroupRootFrom;

        Run(SafeIo io, BundleWriter out) {
            this.c = new Collection(io, out, opt);
            this.host = new HostFiles(c);
            this.reader = new ProcessReader(c);
        }

        void all() throws IOException {
            host.kernelLog();
            String ps = host.processTable();
            String locks = c.copy(c.proc.resolve("locks"), BundleLayout.OWN_LOCKS, MAX_TEXT, null);
            c.copy(c.proc.resolve("stat"), BundleLayout.OWN_STAT, MAX_PROC_FILE, null);
            c.copy(c.proc.resolve("loadavg"), BundleLayout.OWN_LOADAVG, MAX_PROC_FILE, null);
            c.copy(c.proc.resolve("sys/kernel/tainted"), BundleLayout.OWN_TAINTED, MAX_PROC_FILE, null);
            String mounts = c.copy(c.proc.resolve("self/mountinfo"), BundleLayout.OWN_MOUNTINFO, MAX_TEXT, null);
            host.hungTaskSysctls();
            host.lockdep();
            cgroupRoot(mounts);

            if (ps != null) {
                selection.dState(ps);
                selection.fuseWaits(ps);
                selection.faultWaits(ps);
                selection.userspaceWaits(ps);
            }
            if (selection.fuseWaiters) {
                for (int pid : FuseDaemons.find(c)) {
                    selection.fuseDaemon(pid);
                }
            }
            if (locks != null) {
                selection.contendedLocks(locks);
            }
            for (Integer pid : opt.pids()) {
                selection.tasks.put(pid, null);
                selection.reasons.merge(pid, "asked for", (a, b) -> a + ", " + b);
            }
            int n = 0;
            for (var t : selection.tasks.entrySet()) {
                if (n++ >= MAX_PROCESSES) {
                    c.miss(
                            "tasks",
                            "only the first " + MAX_PROCESSES + " of " + selection.tasks.size()
                                    + " processes collected");
                    break;
                }
                reader.process(t.getKey(), t.getValue());
            }
            CgroupStates.read(c, reader.cgroups, cgroupRoot);
            ToolRunner tools = new ToolRunner(c);
            for (Integer pid : opt.pids()) {
                tools.run(pid);
            }
        }

        /** The given root (tests), else the cgroup2 mount mountinfo names. */
        private void cgroupRoot(String mounts) {
            if (opt.cgroupRoot() != null) {
                cgroupRoot = opt.cgroupRoot();
                cgroupRootFrom = "given";
                return;
            }
            String m = mounts == null ? null : CgroupStates.cgroup2Root(mounts);
            cgroupRoot = m == null ? null : Path.of(m);
            cgroupRootFrom = "from /proc/self/mountinfo";
        }

        List<Miss> misses() {
            return c.misses;
        }

        List<String> notes() {
            return c.notes;
        }

        String log(long ms) {
            StringBuilder sb = new StringBuilder();
            sb.append("lockdoc collect: ")
                    .append(Instant.now())
                    .append(", took ")
                    .append(ms)
                    .append(" ms\n");
            sb.append("pids asked for: ").append(opt.pids()).append('\n');
            sb.append("gdb: ")
                    .append(opt.gdb())
                    .append(", jstack: ")
                    .append(opt.jstack())
                    .append(", tracing: none\n");
            sb.append("cgroup v2 root: ")
                    .append(cgroupRoot == null ? "none" : cgroupRoot.toString())
                    .append(" (")
                    .append(cgroupRootFrom)
                    .append(")\n");
            sb.append("tasks read in detail:\n");
            for (var e : selection.reasons.entrySet()) {
                sb.append("  ")
                        .append(e.getKey())
                        .append(": ")
                        .append(e.getValue())
                        .append('\n');
            }
            if (!selection.suggestions.isEmpty()) {
                sb.append("user-space waits (an attach proves or rules out a cycle):\n");
                for (String s : selection.suggestions) {
                    sb.append("  ").append(s).append('\n');
                }
            }
            if (!c.actions.isEmpty()) {
                sb.append("attach guard:\n");
                for (String a : c.actions) {
                    sb.append("  ").append(a).append('\n');
                }
            }
            for (String n : c.notes) {
                sb.append("note: ").append(n).append('\n');
            }
            List<Miss> all = coalesce(c.misses);
            sb.append("could not collect (").append(all.size()).append("):\n");
            for (Miss m : all) {
                sb.append("  ").append(m.line()).append('\n');
            }
            return sb.toString();
        }
    }

    /** The same failure of many threads or fds of one process is one line with a count. */
    static List<Miss> coalesce(List<Miss> misses) {
        Map<String, Integer> count = new LinkedHashMap<>();
        Map<String, Miss> first = new LinkedHashMap<>();
        for (Miss m : misses) {
            String item = GROUP.matcher(m.item()).replaceFirst("$1*");
            String key = item + "\u0000" + m.reason();
            count.merge(key, 1, Integer::sum);
            first.putIfAbsent(key, m);
        }
        List<Miss> out = new ArrayList<>();
        for (var e : first.entrySet()) {
            int n = count.get(e.getKey());
            Miss m = e.getValue();
            out.add(
                    n == 1
                            ? m
                            : new Miss(GROUP.matcher(m.item()).replaceFirst("$1*"), m.reason() + " (" + n + " files)"));
        }
        return List.copyOf(out);
    }
}
