package io.lockdoc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.collect.CollectorTestAccess;
import io.lockdoc.collect.Scenarios;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the C programs of src/test/resources/programs here, runs them under ThreadSanitizer, Helgrind and
 * DRD, and reads what the detectors printed through {@code lockdoc analyze}. Skipped without gcc, libtsan
 * or valgrind ({@code .ci/run} installs them).
 */
class DetectorProgramsTest {
    private static final Path PROGRAMS = Path.of("src/test/resources/programs").toAbsolutePath();

    @TempDir
    static Path dir;

    @BeforeAll
    static void toolchain() throws Exception {
        Assumptions.assumeTrue(exec(dir, "gcc", "--version") == 0, "gcc is not installed: detector programs not built");
    }

    private static int exec(Path cwd, String... command) throws IOException, InterruptedException {
        return exec(cwd, null, command);
    }

    private static int exec(Path cwd, Path stderr, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(
                stderr == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stderr.toFile()));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return -1;
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -2;
        }
        return p.exitValue();
    }

    /** Builds PROGRAM.c (with ThreadSanitizer when asked) and returns its stderr under TOOL. */
    private static Path report(String program, String tool, String... options) throws Exception {
        boolean tsan = tool.equals("tsan");
        String binary = program + (tsan ? "-tsan" : "");
        List<String> cc = new ArrayList<>(List.of(
                "gcc",
                "-g",
                "-O0",
                "-o",
                binary,
                PROGRAMS.resolve(program + ".c").toString(),
                "-lpthread"));
        if (tsan) {
            cc.add(1, "-fsanitize=thread");
        }
        int built = exec(dir, cc.toArray(String[]::new));
        Assumptions.assumeTrue(built == 0, "gcc could not build " + binary + (tsan ? " (is libtsan2 installed?)" : ""));
        if (!tsan) {
            Assumptions.assumeTrue(exec(dir, "valgrind", "--version") == 0, "valgrind is not installed");
        }
        Path out = dir.resolve(tool + "-" + program + ".txt");
        List<String> run = new ArrayList<>(tsan ? List.of() : List.of("valgrind", "--tool=" + tool));
        run.addAll(List.of(options));
        run.add("./" + binary);
        exec(dir, out, run.toArray(String[]::new));
        String text = Files.readString(out);
        Assumptions.assumeFalse(text.contains("FATAL: ThreadSanitizer"), "ThreadSanitizer cannot run here: " + text);
        return out;
    }

    private static JsonNode finding(Path report) throws Exception {
        CliTest.Run r = CliTest.run("analyze", report.toString(), "--format", "json");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.FINDINGS.code());
        return JsonMapper.builder().build().readTree(r.out()).get("findings").get(0);
    }

    private static List<String> locks(JsonNode f) {
        List<String> names = new ArrayList<>();
        f.get("participants").forEach(p -> {
            if (p.get("kind").asString().equals("lock")) {
                names.add(p.get("name").asString());
            }
        });
        return names;
    }

    @Test
    void abbaUnderThreadSanitizerIsAPotentialInversionClosedByRefund() throws Exception {
        JsonNode f = finding(report("abba", "tsan"));

        assertThat(f.get("cause").asString()).isEqualTo("userspace-lock-order-inversion");
        assertThat(f.get("culprit").get("function").asString()).isEqualTo("refund");
        assertThat(f.get("culprit").get("location").asString()).isEqualTo("abba.c:19");
        assertThat(f.get("summary").asString()).startsWith("Potential deadlock").contains("transfer at abba.c:11");
        assertThat(locks(f)).hasSize(2).allMatch(l -> l.matches("M[01] \\(0x[0-9a-f]+\\)"));
    }

    /**
     * The same program built without a detector and run with both threads at once deadlocks; gdb of the
     * hung process and the ThreadSanitizer run's report share the lock-site signature and raise each other.
     */
    @Test
    void abbaHungAndItsThreadSanitizerRunShareLockSitesAndCorroborate() throws Exception {
        Scenarios.assumeRootWith("gcc", "gdb", "setsid", "kill");
        Path tsan = report("abba", "tsan");
        int built = exec(
                dir,
                "gcc",
                "-g",
                "-O0",
                "-o",
                "abba-live",
                PROGRAMS.resolve("abba.c").toString(),
                "-lpthread");
        Assumptions.assumeTrue(built == 0, "gcc could not build abba-live");
        try (Scenarios s = new Scenarios(dir)) {
            int pid = (int)
                    s.start(dir.resolve("abba-live.log"), "./abba-live", "hang").pid();
            assertThat(Scenarios.waitUntil(Duration.ofSeconds(30), () -> deadlocked(pid)))
                    .as("both workers stuck on futexes")
                    .isTrue();
            Path archive = dir.resolve("abba-live.tar.gz");
            CliTest.Run c = CliTest.run("collect", "-o", archive.toString(), "--pid", Integer.toString(pid), "--gdb");
            assertThat(c.exit()).as(c.err()).isZero();
            Path bundle = Files.createDirectories(dir.resolve("abba-live-bundle"));
            for (Map.Entry<String, String> e :
                    CollectorTestAccess.entries(archive).entrySet()) {
                Path p = bundle.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, e.getValue());
            }
            Files.copy(tsan, bundle.resolve("tsan-abba.txt"));

            CliTest.Run r = CliTest.run("analyze", bundle.toString(), "--format", "json");
            assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.FINDINGS.code());
            JsonNode all = JsonMapper.builder().build().readTree(r.out()).get("findings");
            JsonNode live = first(all, "userspace-mutex-deadlock");
            JsonNode potential = first(all, "userspace-lock-order-inversion");
            assertThat(live.get("liveness").get("state").asString()).isEqualTo("live");
            assertThat(live.get("lockSites").asString()).as(all.toString()).isEqualTo("refund,transfer");
            assertThat(potential.get("lockSiteSignature").asString())
                    .isEqualTo(live.get("lockSiteSignature").asString());
            assertThat(potential.get("reasons").get(0).get("reason").asString())
                    .startsWith("the inversion happens: ")
                    .endsWith(" are blocked at the same lock sites (refund, transfer) in a capture of the program");
            assertThat(live.get("reasons").toString())
                    .contains(
                            "ThreadSanitizer reported the lock-order inversion at the same lock sites (refund, transfer)");
            assertThat(Scenarios.stoppedThread(pid)).isNull();
        }
    }

    private static JsonNode first(JsonNode findings, String cause) {
        for (JsonNode f : findings) {
            if (f.get("cause").asString().equals(cause)) {
                return f;
            }
        }
        throw new AssertionError("no " + cause + " finding in " + findings);
    }

    /** Every thread but main asleep in futex(2), twice with no CPU time in between: the AB-BA has closed. */
    private static boolean deadlocked(int pid) {
        try {
            String before = workerTimes(pid);
            Thread.sleep(300);
            return before != null && before.equals(workerTimes(pid));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String workerTimes(int pid) {
        StringBuilder times = new StringBuilder();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.sorted().toList()) {
                if (t.getFileName().toString().equals(Integer.toString(pid))) {
                    continue;
                }
                String[] stat = Files.readString(t.resolve("stat"))
                        .replaceFirst("^.*\\) ", "")
                        .split(" ");
                if (!stat[0].equals("S")
                        || !Files.readString(t.resolve("syscall")).startsWith("202 ")) {
                    return null;
                }
                // utime and stime: fields 14 and 15 of stat, 12 and 13 after the command
                times.append(t.getFileName())
                        .append(':')
                        .append(stat[11])
                        .append('+')
                        .append(stat[12])
                        .append(' ');
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return times.length() == 0 ? null : times.toString();
    }

    @Test
    void holdlongUnderDrdWithAThresholdIsALockHeldTooLongInRefreshCache() throws Exception {
        JsonNode f = finding(report("holdlong", "drd", "--exclusive-threshold=50"));

        assertThat(f.get("cause").asString()).isEqualTo("userspace-lock-held-too-long");
        assertThat(f.get("culprit").get("function").asString()).isEqualTo("refresh_cache");
        assertThat(f.get("culprit").get("location").asString()).isEqualTo("holdlong.c:10");
        assertThat(f.get("summary").asString())
                .contains("(threshold 50 ms)")
                .contains("taken at holdlong.c:10 and released at holdlong.c:13");
        // the program sleeps 200 ms under the lock: DRD measures at least that
        assertThat(Integer.parseInt(f.get("summary").asString().replaceAll(".* held for (\\d+) ms.*", "$1")))
                .isGreaterThanOrEqualTo(200);
    }

    @Test
    void abbaUnderHelgrindNamesBothGlobalMutexes() throws Exception {
        JsonNode f = finding(report("abba", "helgrind"));

        assertThat(f.get("cause").asString()).isEqualTo("userspace-lock-order-inversion");
        assertThat(f.get("culprit").get("function").asString()).isEqualTo("refund");
        assertThat(f.get("culprit").get("location").asString()).isEqualTo("abba.c:19");
        assertThat(locks(f)).containsExactly("account_a", "account_b");
        assertThat(f.get("summary").asString()).contains("transfer at abba.c:11");
    }

    @Test
    void relockUnderHelgrindAndDrdIsRecursiveLockingInFlush() throws Exception {
        JsonNode h = finding(report("relock", "helgrind"));
        JsonNode d = finding(report("relock", "drd"));

        for (JsonNode f : List.of(h, d)) {
            assertThat(f.get("cause").asString()).isEqualTo("userspace-recursive-locking");
            assertThat(f.get("culprit").get("function").asString()).isEqualTo("flush");
            assertThat(f.get("culprit").get("location").asString()).isEqualTo("relock.c:10");
        }
        // Helgrind knows the lock by where update() took it, DRD by where main() created it
        assertThat(locks(h)).containsExactly("relock.c:16");
        assertThat(locks(d)).containsExactly("relock.c:25");
    }

    @Test
    void doubleLockUnderThreadSanitizerNamesTheJournalLock() throws Exception {
        JsonNode f = finding(report("doublelock", "tsan"));

        assertThat(f.get("cause").asString()).isEqualTo("userspace-recursive-locking");
        assertThat(f.get("culprit").get("function").asString()).isEqualTo("writer");
        assertThat(f.get("culprit").get("location").asString()).isEqualTo("doublelock.c:10");
        assertThat(locks(f)).containsExactly("journal_lock");
    }

    @Test
    void badUnlockUnderEachDetectorIsAnUnlockOfAnUnlockedMutexInRelease() throws Exception {
        for (String tool : List.of("tsan", "helgrind", "drd")) {
            JsonNode f = finding(report("badunlock", tool));

            assertThat(f.get("cause").asString()).as(tool).isEqualTo("userspace-unlock-unlocked");
            assertThat(f.get("culprit").get("function").asString()).as(tool).isEqualTo("release");
            assertThat(f.get("culprit").get("location").asString()).as(tool).isEqualTo("badunlock.c:10");
            assertThat(locks(f)).as(tool).containsExactly(tool.equals("drd") ? "badunlock.c:14" : "queue_lock");
        }
    }

    @Test
    void aDataRaceUnderThreadSanitizerIsNoFinding() throws Exception {
        Path out = report("race", "tsan");
        CliTest.Run r = CliTest.run("analyze", out.toString());

        assertThat(Files.readString(out)).contains("WARNING: ThreadSanitizer: data race");
        assertThat(r.exit()).isEqualTo(ExitCode.NO_FINDING.code());
    }
}
