package io.lockdoc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.collect.CollectorTestAccess;
import io.lockdoc.collect.Scenarios;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sysadmin's path on real deadlocks made with the programs of {@code ../shared/scenarios}
 * (compiled at test time, started by the test so that {@code collect} runs while they are stuck):
 * an OLD hung-task report about a task that no longer exists is in the kernel log, plain
 * {@code collect}, then {@code analyze}. Needs root, gcc (and gdb, javac/jstack, /dev/fuse, a
 * cgroup2 mount for their cases); skipped with the reason otherwise. Each case ends in seconds
 * and its cleanup (FUSE abort, thaw, process-group kill) runs in finally blocks.
 *
 * <p>The old report goes into the collected bundle's kernel log: written to the host's
 * {@code /dev/kmsg} it would stay there until reboot and be the first finding of every other
 * live test on this host (other worktrees share the kernel). {@code -Dlockdoc.live.kmsg=true}
 * writes it to {@code /dev/kmsg} instead, before {@code collect}, as on a real host.
 */
class LiveScenariosTest {
    private static final boolean KMSG = Boolean.getBoolean("lockdoc.live.kmsg");
    private static final Duration LIMIT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    /** A hung-task report of a FUSE reader that is long gone: pid 99999 exists in no capture. */
    static final List<String> OLD_REPORT = List.of(
            "INFO: task foo:99999 blocked for more than 120 seconds.",
            "      Not tainted 6.12.0 #1",
            "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.",
            "task:foo             state:D stack:0     pid:99999 tgid:99999 ppid:1      flags:0x00004002",
            "Call Trace:",
            " <TASK>",
            " __schedule+0x3c0/0xa40",
            " schedule+0x27/0xa0",
            " request_wait_answer+0x112/0x210",
            " fuse_simple_request+0x187/0x2c0",
            " fuse_do_readpage+0x11b/0x1a0",
            " vfs_read+0x23a/0x360",
            " ksys_read+0x6b/0xe0",
            " do_syscall_64+0x82/0x170",
            " entry_SYSCALL_64_after_hwframe+0x76/0x7e",
            " </TASK>");

    private static void oldReportToKmsg() throws IOException {
        if (KMSG) {
            for (String l : OLD_REPORT) {
                Files.writeString(Path.of("/dev/kmsg"), "<3>" + l + "\n");
            }
        }
    }

    /**
     * Plain (or with {@code extra}) collect; the bundle unpacked into {@code tmp/name} with the old
     * report first in its kernel log, and as collected into {@code tmp/name-as-collected}.
     */
    private Path collect(String name, String... extra) throws Exception {
        oldReportToKmsg();
        Path archive = tmp.resolve(name + ".tar.gz");
        List<String> args = new ArrayList<>(List.of("collect", "-o", archive.toString()));
        args.addAll(List.of(extra));
        CliTest.Run c = CliTest.run(args.toArray(String[]::new));
        assertThat(c.exit()).as(c.err()).isZero();
        Path dir = Files.createDirectories(tmp.resolve(name));
        for (Map.Entry<String, String> e : CollectorTestAccess.entries(archive).entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue());
        }
        Path asCollected = Files.createDirectories(tmp.resolve(name + "-as-collected"));
        for (Map.Entry<String, String> e : CollectorTestAccess.entries(archive).entrySet()) {
            Path p = asCollected.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue());
        }
        if (!KMSG) {
            StringBuilder old = new StringBuilder();
            for (int i = 0; i < OLD_REPORT.size(); i++) {
                old.append(String.format("[  100.%06d] %s%n", i, OLD_REPORT.get(i)));
            }
            Path log = dir.resolve("dmesg.txt");
            Files.writeString(log, old + (Files.exists(log) ? Files.readString(log) : ""));
        }
        String keep = System.getProperty("lockdoc.live.keep");
        if (keep != null) {
            // -Dlockdoc.live.keep=DIR keeps each bundle for a look after the run
            Files.createDirectories(Path.of(keep));
            Files.copy(archive, Path.of(keep, name + ".tar.gz"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    private static JsonNode findings(Path bundle) {
        CliTest.Run r = CliTest.run("analyze", bundle.toString(), "--format", "json");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.FINDINGS.code());
        return JsonMapper.builder().build().readTree(r.out()).get("findings");
    }

    private static JsonNode first(JsonNode findings, String cause) {
        for (JsonNode f : findings) {
            if (f.get("cause").asString().equals(cause)) {
                return f;
            }
        }
        throw new AssertionError("no " + cause + " finding in " + findings);
    }

    private static List<String> locks(JsonNode finding) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : finding.get("participants")) {
            if (p.get("kind").asString().equals("lock")) {
                out.add(p.get("name").asString());
            }
        }
        return out;
    }

    private static List<String> tasks(JsonNode finding) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : finding.get("participants")) {
            if (p.get("kind").asString().equals("task")
                    && !out.contains(p.get("name").asString())) {
                out.add(p.get("name").asString());
            }
        }
        return out;
    }

    private static int find(Path log, Pattern p) throws InterruptedException {
        int[] found = {-1};
        Scenarios.waitUntil(LIMIT, () -> {
            try {
                Matcher m = p.matcher(Files.readString(log));
                if (m.find()) {
                    found[0] = Integer.parseInt(m.group(1));
                    return true;
                }
            } catch (IOException e) {
                // not written yet
            }
            return false;
        });
        assertThat(found[0]).as(p + " in " + log).isPositive();
        return found[0];
    }

    /** Starts the FUSE daemon in {@code mode} on {@code mnt} (aborted at close) and waits until it serves. */
    private int fuseDaemon(Scenarios s, Path fuse, String mode, Path mnt) throws Exception {
        s.onClose(() -> {
            try {
                Scenarios.run(tmp, fuse.toString(), "abort", mnt.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        int daemon = (int) s.start(tmp.resolve("daemon.log"), fuse.toString(), "serve", mode, mnt.toString(), "45")
                .pid();
        find(tmp.resolve("daemon.log"), Pattern.compile("serving deadlockfs on .*pid (\\d+)"));
        return daemon;
    }

    private static int tidNamed(int pid, String comm) throws IOException {
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                if (Files.readString(t.resolve("comm")).strip().equals(comm)) {
                    return Integer.parseInt(t.getFileName().toString());
                }
            }
        }
        throw new AssertionError("no thread " + comm + " in pid " + pid);
    }

    private static boolean inSyscall(int pid, int tid, int nr) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/task/" + tid + "/syscall"))
                    .startsWith(nr + " ");
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void fuseStallBehindAnOldReportTheLiveChainEndsAtTheDaemonServingThatMount() throws Exception {
        Scenarios.assumeRootWith("gcc", "setsid", "kill");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/fuse")), "needs /dev/fuse");
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        try (Scenarios s = new Scenarios(tmp)) {
            Path fuse = s.compile("fuse_hang.c", "-pthread");
            int daemon = fuseDaemon(s, fuse, "stall", mnt);
            int r1 = (int) s.start(tmp.resolve("readers.log"), fuse.toString(), "readers", mnt.toString())
                    .pid();
            int r2 = find(tmp.resolve("readers.log"), Pattern.compile("reader-2 pid (\\d+)"));
            int worker = tidNamed(daemon, "fuse-worker");
            assertThat(Scenarios.waitUntil(LIMIT, () -> Scenarios.state(r2, r2) == 'D'))
                    .as("reader-2 in D")
                    .isTrue();

            Path bundle = collect("fuse");

            assertThat(bundle.resolve("proc/" + r2 + "/task/" + r2 + "/stack")).exists();
            assertThat(Files.readString(bundle.resolve("proc/self/mountinfo"))).contains(" - fuse.deadlockfs ");
            assertThat(Files.readString(bundle.resolve("proc/" + daemon + "/fd.txt")))
                    .contains("/dev/fuse");
            // what the collector guarantees: the bundle alone names the chain up to the daemon serving that mount
            JsonNode live = first(findings(tmp.resolve("fuse-as-collected")), "hung-task");
            assertThat(tasks(live)).containsExactly("reader-2/" + r2, "reader-1/" + r1, "fuse-worker/" + worker);
            assertThat(live.get("summary").asString()).contains("-[FUSE reply]-> fuse-worker:" + worker);
            assertThat(live.toString()).contains("connection ").contains(" served by pid " + daemon);
            // behind the old report: the old report's task is in no capture, so no daemon is named for it
            JsonNode all = findings(bundle);
            JsonNode old = null;
            for (JsonNode f : all) {
                if (tasks(f).contains("foo/99999")) {
                    old = f;
                }
            }
            assertThat(old).as(all.toString()).isNotNull();
            assertThat(old.get("summary").asString())
                    .doesNotContain("FUSE reply]")
                    .doesNotContain("fuse-worker");
            assertThat(old.toString()).doesNotContain("kill -TERM " + daemon);
        }
    }

    @Test
    void fuseStallBehindAnOldReportTheLiveChainIsFindingOne() throws Exception {
        Scenarios.assumeRootWith("gcc", "setsid", "kill");
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        try (Scenarios s = new Scenarios(tmp)) {
            Path fuse = s.compile("fuse_hang.c", "-pthread");
            fuseDaemon(s, fuse, "stall", mnt);
            s.start(tmp.resolve("readers.log"), fuse.toString(), "readers", mnt.toString());
            int r2 = find(tmp.resolve("readers.log"), Pattern.compile("reader-2 pid (\\d+)"));
            assertThat(Scenarios.waitUntil(LIMIT, () -> Scenarios.state(r2, r2) == 'D'))
                    .isTrue();

            JsonNode all = findings(collect("fuse1"));

            // the old report's task is gone: it ranks below the live chain, marked past
            assertThat(all.get(0).get("cause").asString()).isEqualTo("hung-task");
            assertThat(all.get(0).get("liveness").get("state").asString()).isEqualTo("live");
            assertThat(tasks(all.get(0))).startsWith("reader-2/" + r2);
            // the plan names the connection to abort: mountinfo + fdinfo proved it
            assertThat(all.get(0).get("remediation").toString()).containsPattern("/sys/fs/fuse/connections/\\d+/abort");
            JsonNode old = null;
            for (JsonNode f : all) {
                if (f.get("summary").asString().contains("foo/99999")) {
                    old = f;
                }
            }
            assertThat(old).isNotNull();
            assertThat(old.get("liveness").get("state").asString()).isEqualTo("past");
        }
    }

    /**
     * The counter-example: a vfork parent sleeps in D (killable) while its child never execs.
     * Plain collect reads it, and the only finding is the old report, past: the D task is no lock
     * wait and no deadlock.
     */
    @Test
    void aKillableVforkParentInDIsNoFindingOnlyTheOldReportIs() throws Exception {
        Scenarios.assumeRootWith("gcc", "setsid", "kill");
        try (Scenarios s = new Scenarios(tmp)) {
            Path prog = s.compile("vfork_hang.c");
            int parent = (int) s.start(tmp.resolve("app.log"), prog.toString()).pid();
            assertThat(Scenarios.waitUntil(LIMIT, () -> Scenarios.state(parent, parent) == 'D'))
                    .as("vfork parent in D")
                    .isTrue();

            Path bundle = collect("vfork");

            assertThat(bundle.resolve("proc/" + parent + "/task/" + parent + "/stack"))
                    .exists();
            JsonNode all = findings(bundle);
            assertThat(all).hasSize(1);
            assertThat(tasks(all.get(0))).containsExactly("foo/99999");
            assertThat(all.get(0).get("liveness").get("state").asString()).isEqualTo("past");
            assertThat(all.toString()).doesNotContain("/" + parent + "\"");
        }
    }

    /**
     * The FUSE stall recorded system-wide with {@code perf lock record -a -g} while plain collect
     * runs: the recording neither hides nor adds to the live chain, which is finding 1 up to the
     * daemon's worker, with perf's pending contention events beside it in the bundle.
     */
    @Test
    void fuseStallUnderPerfLockRecordTheLiveChainIsFindingOne() throws Exception {
        Scenarios.assumeRootWith("gcc", "perf", "setsid", "kill", "sh");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/fuse")), "needs /dev/fuse");
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        try (Scenarios s = new Scenarios(tmp)) {
            Path fuse = s.compile("fuse_hang.c", "-pthread");
            int daemon = fuseDaemon(s, fuse, "stall", mnt);
            Path data = tmp.resolve("perf.data");
            Process perf = s.start(
                    tmp.resolve("perf-record.log"),
                    "perf",
                    "lock",
                    "record",
                    "-o",
                    data.toString(),
                    "-a",
                    "-g",
                    "--",
                    "sleep",
                    "4");
            Thread.sleep(1000);
            int r1 = (int) s.start(tmp.resolve("readers.log"), fuse.toString(), "readers", mnt.toString())
                    .pid();
            int r2 = find(tmp.resolve("readers.log"), Pattern.compile("reader-2 pid (\\d+)"));
            int worker = tidNamed(daemon, "fuse-worker");
            assertThat(Scenarios.waitUntil(LIMIT, () -> Scenarios.state(r2, r2) == 'D'))
                    .as("reader-2 in D")
                    .isTrue();

            Path bundle = collect("perf-lock");
            assertThat(perf.waitFor(10, java.util.concurrent.TimeUnit.SECONDS))
                    .as("perf lock record ends")
                    .isTrue();
            org.junit.jupiter.api.Assumptions.assumeTrue(
                    Files.exists(data),
                    "perf lock record could not record here: " + Files.readString(tmp.resolve("perf-record.log")));
            Scenarios.run(
                    tmp,
                    "sh",
                    "-c",
                    "perf lock contention -i " + data + " > " + bundle.resolve("perf-lock-contention.txt") + " 2>&1");

            JsonNode all = findings(bundle);
            JsonNode live = all.get(0);
            assertThat(live.get("cause").asString()).isEqualTo("hung-task");
            assertThat(live.get("liveness").get("state").asString()).isEqualTo("live");
            assertThat(tasks(live)).containsExactly("reader-2/" + r2, "reader-1/" + r1, "fuse-worker/" + worker);
        }
    }

    /**
     * The FUSE daemon's only worker writes through its own mount while serving the appender's
     * write, which holds the file's inode lock: a cycle no hung-task report has named yet. Plain
     * collect reads the worker (D) and the appender (a FUSE wait), and the cycle is finding 1, live.
     */
    @Test
    void fuseReentryBehindAnOldReportTheWorkerAndTheAppenderWaitForEachOther() throws Exception {
        Scenarios.assumeRootWith("gcc", "setsid", "kill");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/fuse")), "needs /dev/fuse");
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        try (Scenarios s = new Scenarios(tmp)) {
            Path fuse = s.compile("fuse_hang.c", "-pthread");
            int daemon = fuseDaemon(s, fuse, "reenter", mnt);
            int appender = (int) s.start(tmp.resolve("appender.log"), fuse.toString(), "append", mnt.toString())
                    .pid();
            int worker = tidNamed(daemon, "fuse-worker");
            assertThat(Scenarios.waitUntil(LIMIT, () -> Scenarios.state(daemon, worker) == 'D'))
                    .as("fuse-worker in D")
                    .isTrue();

            JsonNode all = findings(collect("reenter"));

            JsonNode live = all.get(0);
            assertThat(live.get("cause").asString()).isEqualTo("hung-task");
            assertThat(live.get("liveness").get("state").asString()).isEqualTo("live");
            assertThat(live.get("summary").asString())
                    .containsPattern("wait-for cycle: fuse-worker:" + worker
                            + " -\\[rw-semaphore \\(i_rwsem of \\S+/mnt/data\\)\\]-> appender:" + appender
                            + " -\\[FUSE reply\\]-> fuse-worker:" + worker + "$");
            assertThat(tasks(live)).containsExactly("fuse-worker/" + worker, "appender/" + appender);
            assertThat(live.get("culprit").get("function").asString()).isEqualTo("fuse_file_write_iter");
        }
    }

    /**
     * The pipe writer page-faults on a userfaultfd page nobody serves while it holds the pipe's
     * mutex; the reader sleeps in D behind it. No hung-task report names them (the detector's
     * timeout is far off): plain collect reads the writer because of its fault wait, and the chain
     * from /proc is finding 1, live, with the plan ending the writer, not a FUSE daemon.
     */
    @Test
    void uffdPipeBehindAnOldReportTheReaderWaitsForTheWriterStuckInItsFault() throws Exception {
        Scenarios.assumeRootWith("gcc", "setsid", "kill");
        try (Scenarios s = new Scenarios(tmp)) {
            Path prog = s.compile("uffd_pipe_hang.c");
            Path log = tmp.resolve("app.log");
            s.start(log, prog.toString());
            int writer = find(log, Pattern.compile("pipe-writer pid (\\d+)"));
            int reader = find(log, Pattern.compile("pipe-reader pid (\\d+)"));
            assertThat(Scenarios.waitUntil(LIMIT, () -> Scenarios.state(reader, reader) == 'D'))
                    .as("pipe-reader in D: " + Files.readString(log))
                    .isTrue();

            Path bundle = collect("uffd");

            assertThat(bundle.resolve("proc/" + writer + "/fd.txt")).exists();
            JsonNode all = findings(bundle);
            JsonNode live = all.get(0);
            assertThat(live.get("cause").asString()).isEqualTo("hung-task");
            assertThat(live.get("liveness").get("state").asString()).isEqualTo("live");
            assertThat(tasks(live)).containsExactly("pipe-reader/" + reader, "pipe-writer/" + writer);
            assertThat(live.get("summary").asString())
                    .containsPattern("pipe-reader:" + reader
                            + " -\\[mutex \\(pipe->mutex of pipe:\\[\\d+\\]\\)\\]-> pipe-writer:" + writer
                            + " \\(head, state S, in handle_userfault");
            assertThat(live.get("culprit").get("function").asString()).isEqualTo("handle_userfault");
            assertThat(live.get("remediation").toString())
                    .contains("kill -TERM " + writer)
                    .doesNotContain("fuse/connections");
        }
    }

    /**
     * The pthread AB-BA run under {@code perf trace} (perf events, not ptrace): plain collect is not
     * thrown off by the tracer, the futex waits perf printed join the bundle, and the probable
     * mutex deadlock of both workers is finding 1, live, asking for the gdb run that proves it.
     */
    @Test
    void pthreadAbbaUnderPerfTraceIsStillTheLiveProbableMutexDeadlock() throws Exception {
        Scenarios.assumeRootWith("gcc", "perf", "setsid", "kill");
        try (Scenarios s = new Scenarios(tmp)) {
            Path prog = s.compile("pthread_mutex_abba.c", "-pthread");
            Path trace = tmp.resolve("perf-trace.txt");
            s.start(tmp.resolve("app.log"), "perf", "trace", "-f", "-o", trace.toString(), "--", prog.toString());
            int pid = find(tmp.resolve("app.log"), Pattern.compile("(?m)^pid (\\d+)"));
            int a = find(tmp.resolve("app.log"), Pattern.compile("tid (\\d+) holds lock1"));
            int b = find(tmp.resolve("app.log"), Pattern.compile("tid (\\d+) holds lock2"));
            org.junit.jupiter.api.Assumptions.assumeTrue(
                    Scenarios.waitUntil(LIMIT, () -> Files.exists(trace)), "perf trace could not trace here");
            assertThat(Scenarios.waitUntil(LIMIT, () -> inSyscall(pid, a, 202) && inSyscall(pid, b, 202)))
                    .as("both workers in futex(2)")
                    .isTrue();

            Path bundle = collect("perf-trace");
            Files.copy(trace, bundle.resolve("perf-trace.txt"));

            assertThat(Files.readString(bundle.resolve("collect-log.txt")))
                    .contains("lockdoc collect --pid " + pid + " --gdb");
            JsonNode all = findings(bundle);
            JsonNode f = all.get(0);
            assertThat(f.get("cause").asString()).as(all.toString()).isEqualTo("userspace-mutex-deadlock");
            assertThat(f.get("liveness").get("state").asString()).isEqualTo("live");
            assertThat(f.get("participants").toString())
                    .contains("\"kind\":\"thread\",\"name\":\"worker-A/" + a + "\"")
                    .contains("\"kind\":\"thread\",\"name\":\"worker-B/" + b + "\"");
            // the report, not only the bundle, says which run proves the cycle
            assertThat(f.get("remediation").toString()).contains("lockdoc collect --pid " + pid + " --gdb");
            assertThat(Scenarios.stoppedThread(pid)).isNull();
        }
    }

    @Test
    void pthreadAbbaPlainCollectSaysRunGdbAndWithGdbTheCycleIsProven() throws Exception {
        Scenarios.assumeRootWith("gcc", "gdb", "setsid", "kill");
        try (Scenarios s = new Scenarios(tmp)) {
            Path prog = s.compile("pthread_mutex_abba.c", "-pthread");
            int pid = (int) s.start(tmp.resolve("app.log"), prog.toString()).pid();
            int a = find(tmp.resolve("app.log"), Pattern.compile("tid (\\d+) holds lock1"));
            int b = find(tmp.resolve("app.log"), Pattern.compile("tid (\\d+) holds lock2"));
            assertThat(Scenarios.waitUntil(LIMIT, () -> inSyscall(pid, a, 202) && inSyscall(pid, b, 202)))
                    .as("both workers in futex(2)")
                    .isTrue();
            Scenarios.waitUntil(LIMIT, () -> Scenarios.state(pid, pid) == 'S');

            Path plain = collect("plain");

            assertThat(Files.readString(plain.resolve("collect-log.txt")))
                    .contains("pid " + pid + " (pthread_mutex_a): all 3 threads asleep on futexes")
                    .contains("lockdoc collect --pid " + pid + " --gdb");
            assertThat(plain.resolve("proc/" + pid + "/task/" + a + "/stack")).exists();
            assertThat(plain.resolve("proc/" + pid + "/task/" + b + "/wchan")).exists();

            Path gdb = collect("gdb", "--pid", Integer.toString(pid), "--gdb");

            assertThat(Files.readString(gdb.resolve("gdb-" + pid + ".txt"))).contains("pthread_mutex_lock");
            assertThat(Files.readString(gdb.resolve("gdb-" + pid + "-mutexes.txt")))
                    .contains("<lock1>")
                    .contains("__owner = " + a)
                    .contains("__owner = " + b);
            assertThat(Files.readString(gdb.resolve("collect-log.txt")))
                    .contains("gdb pid " + pid + ": ran; pid " + pid + " is not stopped");
            JsonNode all = findings(gdb);
            JsonNode f = first(all, "userspace-mutex-deadlock");
            assertThat(f.get("summary").asString()).as(all.toString()).doesNotContain("Probable");
            assertThat(tasks(f)).as(all.toString()).contains("worker-A/" + a, "worker-B/" + b);
            // the names the input shows: the own frame with its line, the mutexes by their symbols
            assertThat(f.get("culprit").get("function").asString())
                    .as(all.toString())
                    .isEqualTo("transfer");
            assertThat(f.get("culprit").get("location").asString()).startsWith("pthread_mutex_abba.c:");
            assertThat(locks(f))
                    .as(all.toString())
                    .anyMatch(l -> l.contains("lock1"))
                    .anyMatch(l -> l.contains("lock2"));
            assertThat(Scenarios.stoppedThread(pid)).isNull();
        }
    }

    @Test
    void javaAbbaPlainCollectSaysRunJstackAndWithJstackTheCycleIsProven() throws Exception {
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        Scenarios.assumeRootWith("setsid", "kill");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(javac), "needs javac in this JDK");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        try (Scenarios s = new Scenarios(tmp)) {
            Files.copy(Scenarios.DIR.resolve("JavaMonitorAbba.java"), tmp.resolve("JavaMonitorAbba.java"));
            Scenarios.run(tmp, javac.toString(), "-g", "JavaMonitorAbba.java");
            int pid = (int) s.start(
                            tmp.resolve("app.log"),
                            java.toString(),
                            "-Xmx32m",
                            "-XX:+UseSerialGC",
                            "-cp",
                            tmp.toString(),
                            "JavaMonitorAbba")
                    .pid();
            find(tmp.resolve("app.log"), Pattern.compile("pid (\\d+)"));
            assertThat(Scenarios.waitUntil(LIMIT, () -> {
                        try {
                            return Files.readString(tmp.resolve("app.log")).split(" holds ").length >= 3;
                        } catch (IOException e) {
                            return false;
                        }
                    }))
                    .isTrue();
            int a = tidNamed(pid, "worker-A");
            int b = tidNamed(pid, "worker-B");
            assertThat(Scenarios.waitUntil(LIMIT, () -> inSyscall(pid, a, 202) && inSyscall(pid, b, 202)))
                    .isTrue();

            Path plain = collect("plain");

            assertThat(Files.readString(plain.resolve("collect-log.txt")))
                    .contains("a JVM whose worker threads are all parked (worker-A:" + a + ", worker-B:" + b)
                    .contains("lockdoc collect --pid " + pid + " --jstack");
            assertThat(plain.resolve("proc/" + pid + "/task/" + a + "/stack")).exists();

            Path js = collect("jstack", "--pid", Integer.toString(pid), "--jstack");

            assertThat(Files.readString(js.resolve("jstack-" + pid + ".txt"), StandardCharsets.UTF_8))
                    .contains("Found one Java-level deadlock");
            JsonNode f = first(findings(js), "java-monitor-deadlock");
            assertThat(tasks(f)).containsExactlyInAnyOrder("worker-A/" + a, "worker-B/" + b);
            assertThat(f.get("culprit").get("function").asString()).isEqualTo("JavaMonitorAbba.transfer");
            assertThat(f.get("culprit").get("location").asString()).startsWith("JavaMonitorAbba.java:");
            assertThat(Scenarios.stoppedThread(pid)).isNull();
        }
    }

    @Test
    void ofdLockAbbaPlainCollectNamesBothFilesByPath() throws Exception {
        Scenarios.assumeRootWith("gcc", "setsid", "kill");
        try (Scenarios s = new Scenarios(tmp)) {
            Path prog = s.compile("file_lock_abba.c");
            Files.createDirectories(tmp.resolve("data"));
            int w1 = (int) s.start(tmp.resolve("app.log"), prog.toString(), "ofd", "data")
                    .pid();
            int w2 = find(tmp.resolve("app.log"), Pattern.compile("worker-2 pid (\\d+) wants"));
            // 72 = fcntl: both sleep in F_OFD_SETLKW, which the kernel never fails with EDEADLK
            assertThat(Scenarios.waitUntil(LIMIT, () -> inSyscall(w1, w1, 72) && inSyscall(w2, w2, 72)))
                    .as("both workers in fcntl(2)")
                    .isTrue();

            JsonNode all = findings(collect("ofd"));

            JsonNode f = first(all, "file-lock-deadlock");
            assertThat(f).isSameAs(all.get(0));
            assertThat(tasks(f)).as(all.toString()).containsExactlyInAnyOrder("worker-1/" + w1, "worker-2/" + w2);
            assertThat(locks(f))
                    .as(all.toString())
                    .anyMatch(l -> l.contains("data/accounts.db"))
                    .anyMatch(l -> l.contains("data/ledger.db"));
            assertThat(f.get("liveness").get("state").asString()).isEqualTo("live");
        }
    }

    /**
     * Classic POSIX locks: the kernel refuses worker-2's closing request with EDEADLK, but worker-2
     * keeps ledger.db and pauses, so worker-1 waits on. Plain collect cannot see the refused call
     * (strace can); what it proves is a holder asleep in pause() with a waiter behind it: finding 1
     * is that stalled holder, both files by path, and the plan asks where the holder paused.
     */
    @Test
    void posixLockAbbaRefusedWithEdeadlkLeavesAHolderPausedWithTheLock() throws Exception {
        Scenarios.assumeRootWith("gcc", "setsid", "kill");
        try (Scenarios s = new Scenarios(tmp)) {
            Path prog = s.compile("file_lock_abba.c");
            Files.createDirectories(tmp.resolve("data"));
            Path log = tmp.resolve("app.log");
            int w1 = (int) s.start(log, prog.toString(), "posix", "data").pid();
            int w2 = find(log, Pattern.compile("worker-2 pid (\\d+) waiting for SIGUSR1"));
            assertThat(Scenarios.waitUntil(LIMIT, () -> inSyscall(w1, w1, 72)))
                    .as("worker-1 in fcntl(2)")
                    .isTrue();
            Scenarios.run(tmp, "kill", "-USR1", Integer.toString(w2));
            find(log, Pattern.compile("worker-2 pid (\\d+) fcntl\\(accounts.db\\) failed: EDEADLK"));
            assertThat(Scenarios.waitUntil(LIMIT, () -> inSyscall(w2, w2, 34)))
                    .as("worker-2 in pause(2)")
                    .isTrue();

            JsonNode all = findings(collect("posix"));

            JsonNode f = all.get(0);
            assertThat(f.get("cause").asString()).as(all.toString()).isEqualTo("stalled-lock-holder");
            assertThat(f.get("summary").asString())
                    .containsPattern(
                            "^Stalled lock holder: worker-2/" + w2 + " holds POSIX WRITE lock on \\S*/data/ledger.db")
                    .contains("sleeps until a signal comes (pause/sigsuspend) without releasing it; 1 task(s) wait");
            assertThat(tasks(f)).containsExactly("worker-2/" + w2, "worker-1/" + w1);
            assertThat(f.get("liveness").get("state").asString()).isEqualTo("live");
            assertThat(f.get("remediation").toString())
                    .contains("gdb -p " + w2 + " -batch")
                    .doesNotContain("cgroup.freeze\\n# stopped");
        }
    }

    @Test
    void aFrozenHolderIsFoundUnderTheCgroupV2RootOfTheMountTable() throws Exception {
        Scenarios.assumeRootWith("flock", "setsid", "kill", "findmnt");
        String root = Scenarios.run(tmp, "findmnt", "-rn", "-t", "cgroup2", "-o", "TARGET")
                .lines()
                .findFirst()
                .orElse("");
        org.junit.jupiter.api.Assumptions.assumeTrue(!root.isBlank(), "needs a cgroup2 mount");
        Path cg = Path.of(root, "lockdoc-test-frozen-" + ProcessHandle.current().pid());
        Files.createDirectory(cg);
        try (Scenarios s = new Scenarios(tmp)) {
            s.onClose(() -> {
                try {
                    Files.writeString(cg.resolve("cgroup.freeze"), "0\n");
                    Files.writeString(cg.resolve("cgroup.kill"), "1\n");
                    Scenarios.waitUntil(Duration.ofSeconds(5), () -> {
                        try {
                            return Files.readString(cg.resolve("cgroup.procs")).isBlank();
                        } catch (IOException e) {
                            return true;
                        }
                    });
                    Files.deleteIfExists(cg);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Files.createDirectories(tmp.resolve("data"));
            Path lock = tmp.resolve("data/app.lock");
            int holder = (int) s.start(
                            tmp.resolve("holder.log"),
                            "sh",
                            "-c",
                            "echo $$ > " + cg.resolve("cgroup.procs") + " && exec flock " + lock + " sleep 50")
                    .pid();
            assertThat(Scenarios.waitUntil(LIMIT, () -> {
                        try {
                            return Files.readString(Path.of("/proc/locks"))
                                    .contains("FLOCK  ADVISORY  WRITE " + holder + " ");
                        } catch (IOException e) {
                            return false;
                        }
                    }))
                    .as("holder has the lock")
                    .isTrue();
            Files.writeString(cg.resolve("cgroup.freeze"), "1\n");
            assertThat(Scenarios.waitUntil(LIMIT, () -> {
                        try {
                            return Files.readString(cg.resolve("cgroup.events")).contains("frozen 1");
                        } catch (IOException e) {
                            return false;
                        }
                    }))
                    .isTrue();
            int waiter = (int) s.start(tmp.resolve("waiter.log"), "flock", lock.toString(), "true")
                    .pid();
            assertThat(Scenarios.waitUntil(LIMIT, () -> inSyscall(waiter, waiter, 73)))
                    .isTrue();

            Path bundle = collect("frozen");

            String rel = cg.getFileName().toString();
            assertThat(Files.readString(bundle.resolve("collect-log.txt")))
                    .contains("cgroup v2 root: " + root + " (from /proc/self/mountinfo)");
            assertThat(Files.readString(bundle.resolve("sys/fs/cgroup/" + rel + "/cgroup.freeze")))
                    .isEqualTo("1\n");
            JsonNode f = first(findings(bundle), "stalled-lock-holder");
            assertThat(tasks(f)).contains("flock/" + holder, "flock/" + waiter);
            CliTest.Run text = CliTest.run("analyze", bundle.toString());
            assertThat(text.out())
                    .contains("frozen by its cgroup " + ("/".equals(root) ? "" : root) + "/" + rel)
                    .contains("echo 0 > " + root + "$(cut -d: -f3 /proc/" + holder + "/cgroup)/cgroup.freeze");
        }
    }
}
