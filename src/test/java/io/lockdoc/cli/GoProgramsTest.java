package io.lockdoc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.collect.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the Go program of src/test/resources/programs/go here, runs it into the runtime's deadlock
 * error and reads what it printed through {@code lockdoc analyze}. Skipped without go ({@code .ci/run}
 * installs golang-go).
 */
class GoProgramsTest {
    @TempDir
    Path dir;

    @Test
    void twoGoroutinesLockingTwoAccountsInOppositeOrdersAreTheRuntimesDeadlock() throws Exception {
        Assumptions.assumeTrue(Scenarios.onPath("go"), "go is not installed: the Go program is not built");
        Files.copy(Path.of("src/test/resources/programs/go/deadlock.go"), dir.resolve("deadlock.go"));
        ProcessBuilder pb = new ProcessBuilder("go", "run", "deadlock.go")
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("goroutines.txt").toFile());
        // a private build cache: the test needs no writable home
        pb.environment().put("GOCACHE", dir.resolve("cache").toString());
        pb.environment().put("GOPATH", dir.resolve("gopath").toString());
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("go run ends").isTrue();
        assertThat(p.exitValue()).isNotZero();

        CliTest.Run r = CliTest.run("analyze", dir.resolve("goroutines.txt").toString(), "--format", "json");

        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.FINDINGS.code());
        JsonNode f =
                JsonMapper.builder().build().readTree(r.out()).get("findings").get(0);
        assertThat(f.get("cause").asString()).isEqualTo("go-runtime-deadlock");
        assertThat(f.get("culprit").get("function").asString()).isEqualTo("main.transfer");
        assertThat(f.get("culprit").get("location").asString()).isEqualTo("deadlock.go:19");
        assertThat(f.get("participants").toString()).contains("\"kind\":\"lock\",\"name\":\"sync.Mutex 0xc");
    }
}
