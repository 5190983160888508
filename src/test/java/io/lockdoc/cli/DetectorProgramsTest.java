package io.lockdoc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    private static Path report(String program, String tool) throws Exception {
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
        String[] run = tsan ? new String[] {"./" + binary} : new String[] {"valgrind", "--tool=" + tool, "./" + binary};
        exec(dir, out, run);
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
