package io.lockdoc.cli;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.analysis.Analyzer;
import io.lockdoc.ingest.Inputs;
import io.lockdoc.kb.KnowledgeBase;
import io.lockdoc.rulebase.RuleBase;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Generates its inputs in a temporary folder, measures lockdoc on them and, in the same run, a
 * baseline ({@code grep -c}, {@code wc -l}, a bare JVM start), and prints each figure with its target.
 */
@Command(
        name = "bench",
        description = "Measure throughput and start-up on generated inputs against baselines from the same run.",
        mixinStandardHelpOptions = true)
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--kernel-mb", description = "size of the generated kernel log (default: ${DEFAULT-VALUE})")
    int kernelMb = 300;

    @Option(names = "--procmon-mb", description = "size of the generated Procmon CSV (default: ${DEFAULT-VALUE})")
    int procmonMb = 1024;

    @Option(names = "--threads", description = "threads in the generated wait-for cycle (default: ${DEFAULT-VALUE})")
    int threads = 100_000;

    @Option(names = "--tickets", description = "tickets for enrich --batch (default: ${DEFAULT-VALUE})")
    int tickets = 2_000;

    @Option(names = "--sos-files", description = "files in the generated sosreport (default: ${DEFAULT-VALUE})")
    int sosFiles = 3_000;

    @Option(names = "--launcher", description = "the lockdoc launcher timed for start-up (default: ./lockdoc)")
    Path launcher = Path.of("lockdoc");

    private final Streams io;

    BenchCommand(Streams io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("lockdoc-bench-");
        PrintStream out = io.out();
        boolean allMet = true;
        try {
            RuleBase rules = RuleBase.packaged();
            out.printf("%-34s %14s %16s %10s  %s%n", "benchmark", "lockdoc", "baseline", "ratio", "target");
            Analyzer analyzer = new Analyzer(new io.lockdoc.engine.Engine(rules), null);

            // a small input of each kind first: the figures are throughput, start-up is measured on its own below
            Path warm = dir.resolve("warm-kern.log");
            BenchInputs.kernelLog(warm, 3L << 20);
            timeAnalysis(analyzer, warm);
            Path kernel = dir.resolve("kern.log");
            int reports = BenchInputs.kernelLog(kernel, (long) kernelMb << 20);
            double grep = seconds(() -> run("grep", "-c", "blocked for more than", kernel.toString()));
            double[] k = timeAnalysis(analyzer, kernel);
            allMet &= row(out, "kernel log " + kernelMb + " MB (" + reports + " rep.)", k[0], "grep -c", grep, 3);

            Path warmCsv = dir.resolve("warm-Logfile.CSV");
            BenchInputs.procmonCsv(warmCsv, 5L << 20);
            timeAnalysis(analyzer, warmCsv);
            Path csv = dir.resolve("Logfile.CSV");
            BenchInputs.procmonCsv(csv, (long) procmonMb << 20);
            double wc = seconds(() -> run("wc", "-l", csv.toString()));
            double[] p = timeAnalysis(analyzer, csv);
            allMet &= row(out, "procmon csv " + procmonMb + " MB", p[0], "wc -l", wc, 4);
            out.printf("%-34s %11.0f MB %16s %10s  %s%n", "  peak heap", p[1], "", "", "< 256 MB");
            allMet &= p[1] < 256;

            Path warmDump = dir.resolve("warm-jstack.txt");
            BenchInputs.jstackCycle(warmDump, 1000);
            timeAnalysis(analyzer, warmDump);
            Path dump = dir.resolve("jstack-" + threads + ".txt");
            BenchInputs.jstackCycle(dump, threads);
            double[] g = timeAnalysis(analyzer, dump);
            out.printf(
                    "%-34s %12.2f s %16s %10s  %s%n", "wait-for graph " + threads + " threads", g[0], "", "", "< 1 s");
            allMet &= g[0] < 1.0;

            Path bundle = dir.resolve("bundle");
            BenchInputs.smallBundle(bundle);
            String java = ProcessHandle.current().info().command().orElse("java");
            double jvm = best(() -> run(java, "-Xshare:auto", "-version"));
            double analyze = launcher.toFile().canExecute()
                    ? best(() -> run(
                            launcher.toAbsolutePath().toString(),
                            "analyze",
                            bundle.toString(),
                            "--db",
                            KnowledgeBase.IN_MEMORY))
                    : Double.NaN;
            allMet &= row(out, "analyze small bundle (process)", analyze, "java -version", jvm, Double.NaN);
            out.printf("%-34s %14s %16s %10s  %s%n", "", "", "", "", "< 1.5 s wall");
            allMet &= analyze < 1.5;

            // whole processes, start-up included: what a user at a prompt waits for
            Path seed = dir.resolve("lockdep-seed.log");
            BenchInputs.lockdepSeed(seed);
            allMet &= row(out, "analyze one lockdep report (proc)", process(seed), "java -version", jvm, 12);
            double grepProcess = best(() -> run("grep", "-c", "lock", kernel.toString()));
            allMet &= row(out, "kernel log " + kernelMb + " MB (process)", process(kernel), "grep -c", grepProcess, 3);
            Path sos = dir.resolve("sosreport-bench.tar.xz");
            BenchInputs.sosReport(dir.resolve("sos"), sos, sosFiles);
            double tar = best(() -> run("tar", "-tJf", sos.toString()));
            allMet &= row(out, "sosreport " + sosFiles + " files (process)", process(sos), "tar -tJf", tar, 8);

            Path ndjson = dir.resolve("tickets.ndjson");
            BenchInputs.tickets(ndjson, tickets);
            double enrich = seconds(() -> {
                ByteArrayOutputStream sink = new ByteArrayOutputStream();
                try (InputStream in = Files.newInputStream(ndjson);
                        PrintStream o = new PrintStream(sink, false, StandardCharsets.UTF_8)) {
                    Cli.run(
                            new Streams(in, o, new PrintStream(OutputStreamNull.INSTANCE)),
                            "enrich",
                            "--batch",
                            "-",
                            "--db",
                            "jdbc:h2:mem:bench-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
                }
            });
            double perSecond = tickets / enrich;
            out.printf(
                    "%-34s %10.0f t/s %16s %10s  %s%n",
                    "enrich --batch " + tickets + " tickets", perSecond, "", "", "> 500/s");
            allMet &= perSecond > 500;
        } finally {
            delete(dir);
        }
        out.println(allMet ? "every target met" : "some targets missed (see README: what limits them)");
        return ExitCode.NO_FINDING.code();
    }

    /** Best wall seconds of the launcher analysing {@code input} (NaN without a launcher). */
    private double process(Path input) throws Exception {
        return launcher.toFile().canExecute()
                ? best(() -> run(
                        launcher.toAbsolutePath().toString(),
                        "analyze",
                        input.toString(),
                        "--db",
                        KnowledgeBase.IN_MEMORY))
                : Double.NaN;
    }

    /** Wall seconds and peak heap (MB) of analysing one generated file in this JVM. */
    private static double[] timeAnalysis(Analyzer analyzer, Path file) throws Exception {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(m -> m.getType() == MemoryType.HEAP)
                .toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long t = System.nanoTime();
        AnalysisResult r = analyzer.analyze(Inputs.resolve(file.toString(), InputStream.nullInputStream()));
        double s = (System.nanoTime() - t) / 1e9;
        long peak = heap.stream().mapToLong(m -> m.getPeakUsage().getUsed()).sum();
        if (r.findings().isEmpty()) {
            throw new IllegalStateException("bench input " + file.getFileName() + " gave no finding");
        }
        return new double[] {s, peak / 1048576.0};
    }

    private static boolean row(PrintStream out, String name, double s, String base, double b, double target) {
        double ratio = s / b;
        out.printf(
                "%-34s %12.2f s %8s %5.2f s %9.1fx  %s%n",
                name, s, base, b, ratio, Double.isNaN(target) ? "" : "< " + (int) target + "x");
        return Double.isNaN(target) || ratio < target;
    }

    interface Step {
        void run() throws Exception;
    }

    private static double seconds(Step s) throws Exception {
        long t = System.nanoTime();
        s.run();
        return (System.nanoTime() - t) / 1e9;
    }

    /** Best of three: start-up times are noisy on a shared machine. */
    private static double best(Step s) throws Exception {
        double b = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            b = Math.min(b, seconds(s));
        }
        return b;
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        // a pipe, not /dev/null: GNU grep stops at the first match when its output is /dev/null
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (InputStream out = p.getInputStream()) {
            out.transferTo(OutputStreamNull.INSTANCE);
        }
        int rc = p.waitFor();
        if (rc > 1) {
            throw new IOException(String.join(" ", cmd) + " exited with " + rc);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Discards what is written. */
    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }

    /** The generated inputs. */
    static final class BenchInputs {
        private BenchInputs() {}

        static String hungTask(double t, int pid) {
            String ts = String.format("[%12.6f] ", t);
            return ts + "INFO: task kworker/0:1:" + pid + " blocked for more than 122 seconds.\n"
                    + ts + "      Not tainted 6.8.0 #1\n"
                    + ts + "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.\n"
                    + ts + "task:kworker/0:1     state:D stack:0     pid:" + pid + "   ppid:2      flags:0x00004000\n"
                    + ts + "Call Trace:\n"
                    + ts + " <TASK>\n"
                    + ts + " __schedule+0x2e4/0x9a0\n"
                    + ts + " schedule+0x5b/0xd0\n"
                    + ts + " schedule_preempt_disabled+0x15/0x30\n"
                    + ts + " __mutex_lock.constprop.0+0x3a1/0x6b0\n"
                    + ts + " benchmod_flush+0x2a/0x80 [benchmod]\n"
                    + ts + " process_one_work+0x1e2/0x3b0\n"
                    + ts + " worker_thread+0x50/0x3a0\n"
                    + ts + " </TASK>\n";
        }

        /** Noise lines with a hung-task report every ~2.5 MB; returns the number of reports. */
        static int kernelLog(Path file, long bytes) throws IOException {
            int reports = 0;
            long written = 0;
            long nextReport = 1 << 20;
            double t = 1.0;
            int i = 0;
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                while (written < bytes) {
                    t += 0.000137;
                    String line = String.format(
                            "[%12.6f] e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex, rx %d%n", t, i++);
                    if (written >= nextReport) {
                        line = hungTask(t, 300 + reports);
                        reports++;
                        nextReport += 5L << 19;
                    }
                    w.write(line);
                    written += line.length();
                }
            }
            return reports;
        }

        /** A default-column Procmon export: routine I/O with a sharing-violation retry loop spread through it. */
        static void procmonCsv(Path file, long bytes) throws IOException {
            long written = 0;
            int i = 0;
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("\"Time of Day\",\"Process Name\",\"PID\",\"Operation\",\"Path\",\"Result\",\"Detail\"\r\n");
                while (written < bytes) {
                    i++;
                    String time = String.format(
                            "\"%d:%02d:%02d.%07d AM\"", 9, (i / 60000) % 60, (i / 1000) % 60, i % 10_000_000);
                    String row = i % 5000 == 0
                            ? time + ",\"updater.exe\",\"4388\",\"CreateFile\",\"C:\\ProgramData\\Vendor\\app.db\","
                                    + "\"SHARING VIOLATION\",\"Desired Access: Generic Write, Disposition: Open\"\r\n"
                            : time + ",\"svchost.exe\",\"" + (1000 + i % 50)
                                    + "\",\"ReadFile\",\"C:\\Windows\\System32\\f" + (i % 997)
                                    + ".dll\",\"SUCCESS\",\"Offset: " + (i * 4096L) + ", Length: 4,096\"\r\n";
                    if (i == 1) {
                        row = time + ",\"setup.exe\",\"3120\",\"CreateFile\",\"C:\\ProgramData\\Vendor\\app.db\","
                                + "\"SUCCESS\",\"Desired Access: Generic Read/Write, ShareMode: None\"\r\n";
                    }
                    w.write(row);
                    written += row.length();
                }
            }
        }

        /** A Java thread dump whose threads wait in one monitor cycle. */
        static void jstackCycle(Path file, int n) throws IOException {
            jstack(file, n, true);
        }

        /** The same dump with the cycle open: the last thread waits for nothing, the others queue behind it. */
        static void jstackChain(Path file, int n) throws IOException {
            jstack(file, n, false);
        }

        private static void jstack(Path file, int n, boolean cycle) throws IOException {
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("2026-01-10 10:00:00\nFull thread dump OpenJDK 64-Bit Server VM (17.0.15+6 mixed mode):\n\n");
                for (int i = 0; i < n; i++) {
                    boolean waits = cycle || i < n - 1;
                    w.write(String.format(
                            "\"worker-%d\" #%d prio=5 os_prio=0 cpu=1.00ms elapsed=10.00s tid=0x%016x nid=0x%x waiting for monitor entry  [0x00007f0000000000]%n"
                                    + "   java.lang.Thread.State: BLOCKED (on object monitor)%n"
                                    + "\tat com.example.Bench.step(Bench.java:%d)%n"
                                    + (waits ? "\t- waiting to lock <0x%016x> (a java.lang.Object)%n" : "%.0s")
                                    + "\t- locked <0x%016x> (a java.lang.Object)%n"
                                    + "\tat java.lang.Thread.run(Thread.java:833)%n%n",
                            i,
                            i + 10,
                            0x7f0000000000L + i,
                            i + 1000,
                            i + 1,
                            0x700000000L + ((i + 1) % n) * 16,
                            0x700000000L + i * 16L));
                }
            }
        }

        static void smallBundle(Path dir) throws IOException {
            Files.createDirectories(dir);
            StringBuilder log = new StringBuilder();
            for (int i = 0; i < 2000; i++) {
                log.append(String.format("[%12.6f] systemd[1]: Started session %d of user app.%n", 1 + i * 0.01, i));
            }
            log.append(hungTask(30.0, 4242));
            Files.writeString(dir.resolve("dmesg.txt"), log);
            Files.writeString(
                    dir.resolve("ps-eLo.txt"),
                    "  PID   TID  PPID STAT WCHAN                            COMMAND\n"
                            + " 4242  4242     2 D    __mutex_lock                     kworker/0:1\n"
                            + "    1     1     0 Ss   ep_poll                          systemd\n");
        }

        /** One lockdep circular-locking report, as the README's quick start analyses. */
        static void lockdepSeed(Path file) throws IOException {
            String ts = "[  112.448217] ";
            String[] lines = {
                "======================================================",
                "WARNING: possible circular locking dependency detected",
                "6.8.0 #1 Tainted: G           O",
                "------------------------------------------------------",
                "insmod/2817 is trying to acquire lock:",
                "ffffffffc0a02090 (lock1){+.+.}-{3:3}, at: benchmod_b+0x15/0x40 [benchmod]",
                "",
                "but task is already holding lock:",
                "ffffffffc0a020d0 (lock2){+.+.}-{3:3}, at: benchmod_b+0x9/0x40 [benchmod]",
                "",
                "which lock already depends on the new lock.",
                "",
                "the existing dependency chain (in reverse order) is:",
                "",
                "-> #1 (lock2){+.+.}-{3:3}:",
                "       __mutex_lock+0x8f/0x9a0",
                "       benchmod_a+0x15/0x40 [benchmod]",
                "",
                "-> #0 (lock1){+.+.}-{3:3}:",
                "       __lock_acquire+0x1392/0x2620",
                "       __mutex_lock+0x8f/0x9a0",
                "       benchmod_b+0x15/0x40 [benchmod]",
                "",
                "other info that might help us debug this:",
                "",
                " Possible unsafe locking scenario:",
                "",
                "       CPU0                    CPU1",
                "       ----                    ----",
                "  lock(lock2);",
                "                               lock(lock1);",
                "                               lock(lock2);",
                "  lock(lock1);",
                "",
                " *** DEADLOCK ***",
            };
            StringBuilder sb = new StringBuilder();
            for (String l : lines) {
                sb.append(ts).append(l).append('\n');
            }
            Files.writeString(file, sb);
        }

        /**
         * A sosreport of a healthy host in sos's layout (no real one ships): the known paths with
         * quiet content, and {@code files} in all, most of them configuration and command output
         * that lockdoc only glances at; packed as {@code .tar.xz} by tar, as sos does.
         */
        static void sosReport(Path dir, Path archive, int files) throws IOException, InterruptedException {
            Path root = Files.createDirectories(dir.resolve("sosreport-bench-2026-12-02-abcdef"));
            StringBuilder dmesg = new StringBuilder();
            for (int i = 0; i < 5000; i++) {
                dmesg.append(String.format("[%12.6f] systemd[1]: Started session %d of user app.%n", 1 + i * 0.01, i));
            }
            write(root.resolve("sos_commands/kernel/dmesg"), dmesg.toString());
            write(root.resolve("var/log/messages"), dmesg.toString().replace("[", "Dec  2 10:00:00 host kernel: ["));
            StringBuilder ps = new StringBuilder("USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND\n");
            for (int i = 1; i < 400; i++) {
                ps.append("root ")
                        .append(i)
                        .append(" 0.0 0.0 0 0 ? S 10:00 0:00 [kworker/")
                        .append(i)
                        .append(":0]\n");
            }
            write(root.resolve("sos_commands/process/ps_auxwwwm"), ps.toString());
            write(root.resolve("proc/locks"), "1: POSIX  ADVISORY  WRITE 812 fd:01:1234 0 EOF\n");
            write(root.resolve("proc/loadavg"), "0.12 0.20 0.18 1/400 5321\n");
            write(
                    root.resolve("sos_commands/kernel/sysctl_-a"),
                    "kernel.hung_task_timeout_secs = 120\nkernel.tainted = 0\n");
            write(root.resolve("version.txt"), "sosreport: 4.8.0\n");
            String[] dirs = {
                "etc/sysconfig",
                "etc/systemd/system",
                "sos_commands/networking",
                "sos_commands/systemd",
                "sos_commands/rpm",
                "sos_commands/block",
                "sys/class/net",
                "usr/lib/systemd/system",
                "sos_logs"
            };
            for (int i = 0; i < files - 8; i++) {
                String d = dirs[i % dirs.length];
                write(
                        root.resolve(d + "/file-" + i + ".conf"),
                        "# generated\nOption" + i + "=value\nPath=/var/lib/app/" + i + "\n");
            }
            Process p = new ProcessBuilder(
                            "tar",
                            "-cJf",
                            archive.toString(),
                            "-C",
                            dir.toString(),
                            root.getFileName().toString())
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().transferTo(OutputStreamNull.INSTANCE);
            if (p.waitFor() != 0) {
                throw new IOException("tar -cJf " + archive + " exited with " + p.exitValue());
            }
        }

        private static void write(Path file, String text) throws IOException {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        }

        static void tickets(Path file, int n) throws IOException {
            String dmesg = hungTask(112.0, 2817)
                    .replace("\\", "\\\\")
                    .replace("\"", "\\\"")
                    .replace("\n", "\\n");
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (int i = 0; i < n; i++) {
                    w.write("{\"id\":\"BENCH-" + i + "\",\"title\":\"host " + (i % 40) + " frozen\",\"description\":\""
                            + "It hangs. dmesg:\\n" + dmesg + "\"}\n");
                }
            }
        }
    }
}
