package io.lockdoc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs programs/py_abba.py with python3 (it deadlocks, then faulthandler dumps every thread and exits)
 * and reads the dump through {@code lockdoc analyze}. Skipped without python3.
 */
class PythonProgramsTest {
    private static final Path PROGRAMS = Path.of("src/test/resources/programs").toAbsolutePath();

    @TempDir
    Path dir;

    /** Runs the program with its stdout into OUT; -1 when python3 cannot start. */
    private static int run(Path out, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(PROGRAMS.toFile());
        pb.redirectOutput(out.toFile());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return -1;
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -2;
        }
        return p.exitValue();
    }

    @Test
    void abbaDeadlockDumpedByFaulthandlerIsALockStallInRefund() throws Exception {
        Path out = dir.resolve("faulthandler-abba.txt");
        int rc = run(out, "python3", PROGRAMS.resolve("py_abba.py").toString());
        Assumptions.assumeTrue(rc != -1, "python3 is not installed: py_abba.py not run");
        assertThat(Files.readString(out)).contains("(most recent call first):");

        CliTest.Run r = CliTest.run("analyze", out.toString(), "--format", "json");

        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.FINDINGS.code());
        JsonNode f =
                JsonMapper.builder().build().readTree(r.out()).get("findings").get(0);
        assertThat(f.get("cause").asString()).isEqualTo("python-lock-stall");
        // faulthandler lists the newest thread first: refund, blocked on lock_a
        assertThat(f.get("culprit").get("function").asString()).isEqualTo("refund");
        assertThat(f.get("culprit").get("location").asString()).isEqualTo("py_abba.py:21");
        assertThat(f.get("summary").asString()).contains("py_abba.py:21 and py_abba.py:14");
    }
}
