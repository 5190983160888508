package io.lockdoc.collect;

import io.lockdoc.ingest.BundleLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects what lockdoc needs from a live Linux host into a bundle in lockdoc's own layout:
 * the kernel log, the thread table with wait channels, {@code /proc/locks}, per-task {@code /proc}
 * files for tasks in D state, tasks on contended file locks and the pids asked for, their
 * cgroups' freeze state, lockdep files, hung-task settings, taint, {@code /proc/stat} and load;
 * {@code jstack}/{@code gdb} of the named pids only when asked. Every read and command has a
 * deadline; nothing traces; a failed item is listed with its reason and the rest goes on.
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
    private static final List<String> TASK_FILES = List.of("status", "stack", "wchan", "syscall");
    private static final Pattern LOCK_LINE =
            Pattern.compile("^(\\d+): (?: *-> )?[A-Z]+\\s+\\S+\\s+\\S+\\s+(-?\\d+)\\s+(\\S+)");

    /** What to collect and from where ({@code /proc}, {@code /sys/fs/cgroup} are replaceable for tests). */
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
                    Path.of("/sys/fs/cgroup"),
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
            return new Report(archive, out.files(), out.bytes(), coalesce(run.misses), List.copyOf(run.notes));
        }
    }

    /** One collection. */
    private final class Run {
        private final SafeIo io;
        private final BundleWriter out;
        private final Path proc = opt.procRoot();
        final List<Miss> misses = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        private final Set<Integer> gone = new LinkedHashSet<>();
        private final Set<String> cgroups = new TreeSet<>();
        /** pid -> the threads to read (null: all) and why the task was chosen. */
        private final Map<Integer, Set<Integer>> tasks = new LinkedHashMap<>();

        private final Map<Integer, String> reasons = new LinkedHashMap<>();

        Run(SafeIo io, BundleWriter out) {
            this.io = io;
            this.out = out;
        }

        void all() throws IOException {
            kernelLog();
            String ps = processTable();
            String locks = copy(proc.resolve("locks"), BundleLayout.OWN_LOCKS, MAX_TEXT, null);
            copy(proc.resolve("stat"), BundleLayout.OWN_STAT, MAX_PROC_FILE, null);
            copy(proc.resolve("loadavg"), BundleLayout.OWN_LOADAVG, MAX_PROC_FILE, null);
            copy(proc.resolve("sys/kernel/tainted"), BundleLayout.OWN_TAINTED, MAX_PROC_FILE, null);
            hungTaskSysctls();
            lockdep();

            if (ps != null) {
                dStateTasks(ps);
            }
            if (locks != null) {
                contendedLockTasks(locks);
            }
            for (Integer pid : opt.pids()) {
                tasks.put(pid, null);
                reasons.merge(pid, "asked for", (a, b) -> a + ", " + b);
            }
            int n = 0;
            for (var t : tasks.entrySet()) {
                if (n++ >= MAX_PROCESSES) {
                    miss("tasks", "only the first " + MAX_PROCESSES + " of " + tasks.size() + " processes collected");
                    break;
                }
                process(t.getKey(), t.getValue());
            }
            cgroupStates();
            for (Integer pid : opt.pids()) {
                if (gone.contains(pid) || !Files.isDirectory(proc.resolve(Integer.toString(pid)))) {
                    continue;
                }
                if (opt.jstack()) {
                    command("jstack-" + pid + ".txt", List.of(jstack(), "-l", Integer.toString(pid)));
                }
                if (opt.gdb()) {
                    command(
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
        }

        /** dmesg, else a snapshot of /dev/kmsg, else journalctl -k. */
        private void kernelLog() throws IOException {
            String name = BundleLayout.OWN_KERNEL_LOG;
            if (!opt.hostCommands()) {
                return;
            }
            opt.onItem().accept(name);
            List<String> tried = new ArrayList<>();
            SafeIo.Output d = io.run(List.of("dmesg"), opt.commandTimeout(), MAX_TEXT);
            if (d.failure() == null && d.stdout().length > 0) {
                out.add(name, d.stdout());
                return;
            }
            tried.add("dmesg: " + (d.failure() == null ? "empty output" : d.failure()));
            byte[] kmsg = Kmsg.snapshot(io, Path.of("/dev/kmsg"), MAX_TEXT, tried);
            if (kmsg != null) {
                out.add(name, kmsg);
                notes.add("kernel log read from /dev/kmsg (" + tried.get(0) + ")");
                return;
            }
            SafeIo.Output j = io.run(
                    List.of("journalctl", "-k", "-b", "--no-pager", "-o", "short-monotonic"),
                    opt.commandTimeout(),
                    MAX_TEXT);
            if (j.stdout().length > 0 && j.failure() == null) {
                out.add(name, j.stdout());
                notes.add("kernel log read from journalctl -k (" + String.join("; ", tried) + ")");
                return;
            }
            tried.add("journalctl -k: " + (j.failure() == null ? "empty output" : j.failure()));
            miss(name, String.join("; ", tried));
        }

        /** ps -eLo with wait channels; when ps does not answer, the same table built from /proc. */
        private String processTable() throws IOException {
            if (opt.hostCommands()) {
                opt.onItem().accept(BundleLayout.OWN_PS);
                SafeIo.Output p = io.run(
                        List.of("ps", "-eLo", "pid,tid,ppid,stat,wchan:32,comm,args", "-ww"),
                        opt.commandTimeout(),
                        MAX_TEXT);
                if (p.failure() == null && p.stdout().length > 0) {
                    out.add(BundleLayout.OWN_PS, p.stdout());
                    return new String(p.stdout(), StandardCharsets.UTF_8);
                }
                notes.add("ps -eLo: " + (p.failure() == null ? "empty output" : p.failure())
                        + "; the thread table was built from /proc/<pid>/task/<tid>/stat");
            }
            opt.onItem().accept(BundleLayout.OWN_PS_FROM_PROC);
            String table = ProcTable.build(io, proc, misses);
            if (table == null) {
                return null;
            }
            out.add(BundleLayout.OWN_PS_FROM_PROC, table.getBytes(StandardCharsets.UTF_8));
            return table;
        }

        private void hungTaskSysctls() throws IOException {
            Path dir = proc.resolve("sys/kernel");
            var names = io.list(dir, 4096);
            if (!names.ok()) {
                miss(BundleLayout.OWN_SYSCTL, names.failure());
                return;
            }
            StringBuilder sb = new StringBuilder();
            for (String n : names.value()) {
                if (!n.startsWith("hung_task_")) {
                    continue;
                }
                var v = io.read(dir.resolve(n), 4096);
                if (v.ok()) {
                    sb.append("kernel.")
                            .append(n)
                            .append(" = ")
                            .append(new String(v.value(), StandardCharsets.UTF_8).strip())
                            .append('\n');
                } else {
                    miss("kernel." + n, v.failure());
                }
            }
            if (sb.isEmpty()) {
                notes.add("no kernel.hung_task_* settings (kernel without CONFIG_DETECT_HUNG_TASK)");
                return;
            }
            out.add(BundleLayout.OWN_SYSCTL, sb.toString().getBytes(StandardCharsets.UTF_8));
        }

        private void lockdep() throws IOException {
            var names = io.list(proc, 1_000_000);
            if (!names.ok()) {
                miss("proc/lockdep*", names.failure());
                return;
            }
            boolean any = false;
            for (String n : names.value()) {
                if (n.startsWith("lockdep")) {
                    any = true;
                    copy(proc.resolve(n), "proc/" + n, MAX_TEXT, null);
                }
            }
            if (!any) {
                notes.add("no /proc/lockdep* (kernel without CONFIG_LOCKDEP)");
            }
        }

        private void dStateTasks(String ps) {
            for (int[] row : ProcTable.dStateRows(ps)) {
                tasks.computeIfAbsent(row[0], k -> new TreeSet<>()).add(row[1]);
                reasons.putIfAbsent(row[0], "in D state");
            }
        }

        /** Holders and waiters of file locks that have waiters. */
        private void contendedLockTasks(String locks) {
            Map<String, Set<Integer>> byId = new LinkedHashMap<>();
            Set<String> contended = new LinkedHashSet<>();
            for (String line : locks.split("\n")) {
                Matcher m = LOCK_LINE.matcher(line);
                if (!m.find()) {
                    continue;
                }
                byId.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>()).add(Integer.parseInt(m.group(2)));
                if (line.contains("->")) {
                    contended.add(m.group(1));
                }
            }
            for (String id : contended) {
                for (int pid : byId.get(id)) {
                    if (pid > 0 && !tasks.containsKey(pid)) {
                        tasks.put(pid, null);
                        reasons.putIfAbsent(pid, "on a contended file lock");
                    }
                }
            }
        }

        /** Per-process and per-thread /proc files of one process. */
        private void process(int pid, Set<Integer> only) throws IOException {
            Path pd = proc.resolve(Integer.toString(pid));
            String base = "proc/" + pid + "/";
            opt.onItem().accept(base);
            if (!Files.isDirectory(pd)) {
                miss("pid " + pid, "no such process");
                return;
            }
            copy(pd.resolve("status"), base + "status", MAX_PROC_FILE, pid);
            String cg = copy(pd.resolve("cgroup"), base + "cgroup", MAX_PROC_FILE, pid);
            if (cg != null) {
                for (String l : cg.split("\n")) {
                    if (l.startsWith("0::/") && l.length() > 4 && cgroups.size() < MAX_CGROUPS) {
                        cgroups.add(l.substring(3).strip());
                    }
                }
            }
            fds(pid, pd, base);
            List<Integer> tids = new ArrayList<>();
            if (only == null) {
                if (gone.contains(pid)) {
                    return;
                }
                opt.onItem().accept(base + "task/");
                var names = io.list(pd.resolve("task"), MAX_THREADS + 1);
                if (!names.ok()) {
                    failed(pid, base + "task/", names.failure());
                    return;
                }
                for (String n : names.value()) {
                    if (n.chars().allMatch(Character::isDigit) && tids.size() < MAX_THREADS) {
                        tids.add(Integer.parseInt(n));
                    }
                }
                if (names.value().size() > MAX_THREADS) {
                    miss(base + "task/", "more than " + MAX_THREADS + " threads: only the first " + MAX_THREADS);
                }
            } else {
                tids.addAll(only);
            }
            for (int tid : tids) {
                for (String f : TASK_FILES) {
                    copy(pd.resolve("task/" + tid + "/" + f), base + "task/" + tid + "/" + f, MAX_PROC_FILE, pid);
                }
            }
        }

        /** fd link targets as strings (never followed) and every fdinfo (its lock: lines). */
        private void fds(int pid, Path pd, String base) throws IOException {
            if (gone.contains(pid)) {
                return;
            }
            opt.onItem().accept(base + "fd.txt");
            var names = io.list(pd.resolve("fd"), MAX_FDS + 1);
            if (!names.ok()) {
                failed(pid, base + "fd/", names.failure());
                return;
            }
            StringBuilder links = new StringBuilder();
            int n = 0;
            for (String fd : names.value()) {
                if (n++ >= MAX_FDS) {
                    miss(base + "fd/", "more than " + MAX_FDS + " open files: only the first " + MAX_FDS);
                    break;
                }
                var l = io.readLink(pd.resolve("fd").resolve(fd));
                links.append(fd)
                        .append(" -> ")
                        .append(l.ok() ? l.value() : "? (" + l.failure() + ")")
                        .append('\n');
                copy(pd.resolve("fdinfo").resolve(fd), base + "fdinfo/" + fd, MAX_PROC_FILE, pid);
                if (gone.contains(pid)) {
                    return;
                }
            }
            if (!links.isEmpty()) {
                out.add(base + "fd.txt", links.toString().getBytes(StandardCharsets.UTF_8));
            }
        }

        /** cgroup.freeze / cgroup.events of the collected tasks' cgroups (v2). */
        private void cgroupStates() throws IOException {
            for (String cg : cgroups) {
                String rel = cg.substring(1);
                if (rel.isEmpty() || List.of(rel.split("/")).contains("..")) {
                    continue;
                }
                for (String f : List.of("cgroup.freeze", "cgroup.events")) {
                    copy(opt.cgroupRoot().resolve(rel).resolve(f), "sys/fs/cgroup/" + rel + "/" + f, 4096, null);
                }
            }
        }

        private void command(String name, List<String> cmd) throws IOException {
            opt.onItem().accept(name);
            SafeIo.Output o = io.run(cmd, opt.commandTimeout(), MAX_TEXT);
            if (o.stdout().length > 0) {
                out.add(name, o.stdout());
            }
            if (o.failure() != null) {
                miss(name, String.join(" ", cmd) + ": " + o.failure());
            } else if (o.stdout().length == 0) {
                miss(name, String.join(" ", cmd) + ": no output");
            }
        }

        /**
         * Copies one file; returns its text or null. A file of a process that is gone makes one
         * line for the process, not one per file; an absent optional file is no miss.
         */
        /** @param pid the process the file belongs to, null for a host-wide file */
        private String copy(Path from, String name, int max, Integer pid) throws IOException {
            if (pid != null && gone.contains(pid)) {
                return null;
            }
            opt.onItem().accept(name);
            var r = io.read(from, max + 1);
            if (!r.ok()) {
                if (pid != null) {
                    failed(pid, name, r.failure());
                } else {
                    miss(name, r.failure());
                }
                return null;
            }
            byte[] data = r.value();
            if (data.length > max) {
                data = java.util.Arrays.copyOf(data, max);
                miss(name, "longer than " + max + " bytes: cut");
            }
            if (data.length == 0) {
                return "";
            }
            out.add(name, data);
            return new String(data, StandardCharsets.UTF_8);
        }

        private void failed(int pid, String name, String why) {
            if (!Files.isDirectory(proc.resolve(Integer.toString(pid)))) {
                gone.add(pid);
                miss("pid " + pid, "exited during collection (at " + name + "); what was read before is kept");
            } else {
                miss(name, why);
            }
        }

        private void miss(String item, String why) {
            misses.add(new Miss(item, why));
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
            sb.append("tasks read in detail:\n");
            for (var e : reasons.entrySet()) {
                sb.append("  ")
                        .append(e.getKey())
                        .append(": ")
                        .append(e.getValue())
                        .append('\n');
            }
            for (String n : notes) {
                sb.append("note: ").append(n).append('\n');
            }
            List<Miss> all = coalesce(misses);
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

    /** jstack of the running JDK when it has one, else the one on PATH. */
    static String jstack() {
        Path own = Path.of(System.getProperty("java.home"), "bin", "jstack");
        return Files.isExecutable(own) ? own.toString() : "jstack";
    }
}
